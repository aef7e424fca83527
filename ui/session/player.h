#pragma once
// Play/pause: steps the session forward on its own, one step after each animation, with a
// pause to read in between. Speed 0.25x to 4x scales both. No timer runs while paused.
#include <QObject>
#include <QTimer>
#include <functional>

namespace tcpviz::ui {

class SessionModel;
class SequenceDiagramScene;

class Player : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinSpeed = 0.25, kMaxSpeed = 4.0;

    Player(SessionModel* model, SequenceDiagramScene* scene, QObject* parent = nullptr);

    [[nodiscard]] bool isPlaying() const { return m_playing; }
    void play();
    void pause();
    void toggle() { m_playing ? pause() : play(); }
    [[nodiscard]] double speed() const { return m_speed; }
    void setSpeed(double factor);
    // The pause between two steps at 1x, in ms.
    void setDwell(int ms) { m_dwell_ms = ms; }
    // How a step forward is taken: the window's own step (MainWindow::stepForward), so that
    // playing steps exactly as the → key does. By default the session's next().
    void setStepForward(std::function<void()> step) { m_step_forward = std::move(step); }

Q_SIGNALS:
    void playingChanged(bool playing);
    void speedChanged(double factor);

private:
    void stepFinished();
    void advance();

    SessionModel* m_model;
    SequenceDiagramScene* m_scene;
    QTimer m_dwell;
    bool m_playing = false;
    double m_speed = 1.0;
    int m_dwell_ms = 700;
    std::function<void()> m_step_forward;
};

}  // namespace tcpviz::ui
