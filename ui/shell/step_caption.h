#pragma once
// A line over the bottom of the sequence diagram. At step 0 it says how to start; while
// presenting it says which step is shown and, in a few words, what just happened (the states
// entered, or the segment's fate), big enough to read from the back of a classroom.
#include <QLabel>

namespace tcpviz::ui {

class SessionModel;

class StepCaption : public QLabel {
    Q_OBJECT
public:
    // Over `view` (a child of it, kept at its bottom edge), following `session`.
    StepCaption(SessionModel* session, QWidget* view);

    void setPresenting(bool on);
    void setTextbookStateNames(bool on);
    // Again, in the current language and theme.
    void refresh();

    // What step `cursor` did, in a line: "Server: LISTEN → SYN-RECEIVED (rcv SYN)".
    [[nodiscard]] QString whatHappened() const;

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void place();
    SessionModel* m_session;
    QWidget* m_view;
    bool m_presenting = false;
    bool m_textbook = false;
};

}  // namespace tcpviz::ui
