#include "ui/shell/step_caption.h"

#include <QEvent>

#include "ui/session/session_model.h"
#include "ui/shell/text.h"
#include "ui/views/diagram_style.h"

namespace tcpviz::ui {

StepCaption::StepCaption(SessionModel* session, QWidget* view) : QLabel(view), m_session(session), m_view(view) {
    setObjectName(QStringLiteral("StepCaption"));
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setAttribute(Qt::WA_TransparentForMouseEvents);   // the diagram under it stays clickable
    view->installEventFilter(this);
    connect(session, &SessionModel::cursorChanged, this, &StepCaption::refresh);
    connect(session, &SessionModel::traceChanged, this, &StepCaption::refresh);
    connect(session, &SessionModel::granularityChanged, this, &StepCaption::refresh);
    refresh();
}

void StepCaption::setPresenting(bool on) {
    m_presenting = on;
    refresh();
}

void StepCaption::setTextbookStateNames(bool on) {
    m_textbook = on;
    refresh();
}

QString StepCaption::whatHappened() const {
    const core::Trace& t = m_session->trace();
    const core::EventRange range = m_session->currentStepEvents();
    auto who = [&](core::Side s) { return Text::endpointName(t.endpoints[core::idx(s)]); };
    QStringList states;
    const core::Event* arrival = nullptr;
    for (std::size_t i = range.begin; i < range.end; ++i) {
        const core::Event& e = t.events[i];
        if (e.kind == core::EventKind::State)
            states << tr("%1: %2").arg(who(e.endpoint), Text::eventDescription(t, e, m_textbook));
        else if (!arrival && (e.kind == core::EventKind::Arrive || e.kind == core::EventKind::Drop))
            arrival = &e;
    }
    if (!states.isEmpty()) return states.join(QStringLiteral("; "));
    if (arrival) return tr("%1: %2").arg(who(arrival->endpoint), Text::eventDescription(t, *arrival, m_textbook));
    if (range.end > range.begin) {
        const core::Event& e = t.events[range.begin];
        return tr("%1: %2").arg(who(e.endpoint), Text::eventDescription(t, e, m_textbook));
    }
    return {};
}

void StepCaption::refresh() {
    const int cursor = m_session->cursor(), count = m_session->stepCount();
    QString line;
    if (m_session->hasScenario() && count > 0 && cursor == 0) {
        line = tr("Press → or Space to start");
    } else if (m_presenting && cursor > 0) {
        //: %1/%2 is the step ("3 / 14"), %3 what happened in it.
        line = tr("Step %1 / %2 · %3").arg(cursor).arg(count).arg(whatHappened());
    }
    setText(line);
    // The look follows the theme and the mode; a step only changes the words (restyling a
    // widget on every step would re-polish it for nothing).
    const style::DiagramColors& c = style::colors();
    QFont f = font();
    f.setPixelSize(m_presenting ? 26 : 17);
    f.setWeight(QFont::DemiBold);
    if (f != font()) setFont(f);
    QColor band = c.paper;
    band.setAlphaF(0.9);
    const QString sheet = QStringLiteral("QLabel#StepCaption { background: rgba(%1, %2, %3, %4); color: %5; "
                                         "border: 1px solid %6; border-radius: 8px; padding: 6px 16px; }")
                              .arg(band.red())
                              .arg(band.green())
                              .arg(band.blue())
                              .arg(band.alphaF())
                              .arg(c.ink.name(), c.faint.name());
    if (sheet != styleSheet()) setStyleSheet(sheet);
    setVisible(!line.isEmpty());
    place();
}

bool StepCaption::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_view && (e->type() == QEvent::Resize || e->type() == QEvent::Show)) place();
    return QLabel::eventFilter(watched, e);
}

void StepCaption::place() {
    if (!isVisible()) return;
    const int width = std::min(m_view->width() - 40, std::max(360, sizeHint().width()));
    const int height = heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height();
    setGeometry((m_view->width() - width) / 2, m_view->height() - height - 24, width, height);
    raise();
}

}  // namespace tcpviz::ui
