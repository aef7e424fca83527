#include "ui/session/player.h"

#include <algorithm>
#include <cmath>

#include "ui/views/sequence_diagram.h"
#include "ui/session/session_model.h"

namespace tcpviz::ui {

Player::Player(SessionModel* model, SequenceDiagramScene* scene, QObject* parent)
    : QObject(parent), m_model(model), m_scene(scene) {
    m_dwell.setSingleShot(true);
    connect(&m_dwell, &QTimer::timeout, this, &Player::advance);
    connect(m_scene, &SequenceDiagramScene::animationFinished, this, &Player::stepFinished);
    connect(m_model, &SessionModel::traceChanged, this, &Player::pause);
    // A jump while playing (the slider, Home) does not animate: carry on from there.
    // A single step forward is animated and reports its end through animationFinished().
    connect(m_model, &SessionModel::cursorChanged, this, [this](int cursor, int previous) {
        if (!m_playing) return;
        m_dwell.stop();
        if (cursor != previous + 1) m_dwell.start(static_cast<int>(std::lround(m_dwell_ms / m_speed)));
    });
    m_scene->setAnimationSpeed(m_speed);
}

void Player::play() {
    if (m_playing) return;
    if (m_model->stepCount() == 0) return;
    if (m_model->atEnd()) m_model->toStart();
    m_playing = true;
    Q_EMIT playingChanged(true);
    advance();
}

void Player::pause() {
    m_dwell.stop();
    if (!m_playing) return;
    m_playing = false;
    Q_EMIT playingChanged(false);
}

void Player::setSpeed(double factor) {
    factor = std::clamp(factor, kMinSpeed, kMaxSpeed);
    if (factor == m_speed) return;
    m_speed = factor;
    m_scene->setAnimationSpeed(factor);
    Q_EMIT speedChanged(factor);
}

void Player::stepFinished() {
    if (!m_playing) return;
    if (m_model->atEnd()) {
        pause();
        return;
    }
    m_dwell.start(static_cast<int>(std::lround(m_dwell_ms / m_speed)));
}

void Player::advance() {
    if (!m_playing || m_scene->isAnimating()) return;
    if (m_model->atEnd()) {
        pause();
        return;
    }
    // The scene animates the new step and reports back through animationFinished().
    if (m_step_forward)
        m_step_forward();
    else
        m_model->next();
}

}  // namespace tcpviz::ui
