#include "ui/panels/quiz_panel.h"

#include <QEvent>
#include <QMouseEvent>
#include <QFont>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "ui/session/session_model.h"
#include "ui/session/work_pool.h"
#include "ui/shell/quiz_text.h"

namespace tcpviz::ui {

namespace {

const QString kAllKey = QStringLiteral("quiz/all");

}  // namespace

ChoiceLabel::ChoiceLabel(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::NoFocus);
    setStyleSheet(QStringLiteral("QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 6px 10px; "
                                 "background: palette(button); } QLabel:hover { background: palette(midlight); }"));
}

void ChoiceLabel::mouseReleaseEvent(QMouseEvent* e) {
    QLabel::mouseReleaseEvent(e);
    if (e->button() == Qt::LeftButton && rect().contains(e->position().toPoint())) Q_EMIT clicked();
}

QuizPanel::QuizPanel(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("QuizPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    m_heading = new QLabel(this);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    layout->addWidget(m_heading);
    // The last answer's verdict first, where it is seen as the step it asked about plays.
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("QuizResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    layout->addWidget(m_result);
    m_question = new QLabel(this);
    m_question->setObjectName(QStringLiteral("QuizQuestion"));
    m_question->setWordWrap(true);
    QFont big = m_question->font();
    big.setPointSizeF(big.pointSizeF() > 0 ? big.pointSizeF() * 1.25 : 14);
    m_question->setFont(big);
    layout->addWidget(m_question);
    for (std::size_t i = 0; i < m_choices.size(); ++i) {
        auto* b = new ChoiceLabel(this);
        b->setObjectName(QStringLiteral("QuizChoice%1").arg(i + 1));
        connect(b, &ChoiceLabel::clicked, this, [this, i] { answer(static_cast<int>(i)); });
        m_choices[i] = b;
        layout->addWidget(b);
    }
    m_skip = new QPushButton(this);
    m_skip->setObjectName(QStringLiteral("QuizSkip"));
    m_skip->setFlat(true);
    connect(m_skip, &QPushButton::clicked, this, [this] { m_presenting ? reveal() : skip(); });
    layout->addWidget(m_skip, 0, Qt::AlignLeft);
    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("QuizCountdown"));
    layout->addWidget(m_countdown);
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        if (m_seconds_left > 0) --m_seconds_left;
        if (m_seconds_left == 0) m_tick->stop();
        refresh();
    });
    m_score = new QLabel(this);
    m_score->setObjectName(QStringLiteral("QuizScore"));
    m_score->setWordWrap(true);
    layout->addWidget(m_score);
    layout->addStretch(1);

    connect(m_model, &SessionModel::traceChanged, this, &QuizPanel::rebuild);
    connect(m_model, &SessionModel::cursorChanged, this, &QuizPanel::refresh);
    connect(&m_watcher, &QFutureWatcher<std::vector<core::Question>>::finished, this, &QuizPanel::adopt);
    rebuild();
}

void QuizPanel::setActive(bool on) {
    m_active = on;
    m_last_result.clear();
    rebuild();
}

void QuizPanel::rebuild() {
    ++m_generation;
    m_counting = nullptr;
    m_quiz.clear();
    m_answered.clear();
    m_last_result.clear();
    refresh();
    // Off, nothing is asked, and nothing is looked for: a trace of millions of events is adopted
    // without a pass over it on the UI thread.
    if (!m_active) return;
    m_computing = m_generation;
    std::shared_ptr<const core::Trace> trace = m_model->sharedTrace();
    std::shared_ptr<const core::SegmentLabeler> labeler = m_model->sharedLabeler();
    // (The questions fit steps by segment, which the window keeps while the quiz is on.)
    m_watcher.setFuture(QtConcurrent::run(workPool(), [trace, labeler] {
        return core::quizOf(*trace, core::Steps(*trace, core::StepGranularity::Segment), *labeler);
    }));
}

void QuizPanel::adopt() {
    if (m_computing != m_generation || !m_active) return;   // a newer trace is on its way
    m_quiz = m_watcher.result();
    m_answered.assign(m_quiz.size(), false);
    refresh();
    Q_EMIT questionsReady();
}

const core::Question* QuizPanel::current() const {
    const auto cursor = static_cast<std::size_t>(std::max(0, m_model->cursor()));
    const auto it = std::lower_bound(m_quiz.begin(), m_quiz.end(), cursor,
                                     [](const core::Question& q, std::size_t c) { return q.cursor < c; });
    return it != m_quiz.end() && it->cursor == cursor ? &*it : nullptr;
}

bool QuizPanel::isPending() const {
    const core::Question* q = current();
    return m_active && q && !m_answered[static_cast<std::size_t>(q - m_quiz.data())];
}

void QuizPanel::answer(int index) {
    if (!isPending()) return;
    const core::Question& q = *current();
    if (index < 0 || index >= static_cast<int>(q.choices.size())) return;
    m_answered[static_cast<std::size_t>(&q - m_quiz.data())] = true;
    const bool right = static_cast<std::size_t>(index) == q.answer;
    record(right);
    const QString why = QuizText::explanation(m_model->trace(), q, m_textbook);
    m_last_result = right ? tr("✓ Right. %1").arg(why)
                          : tr("✗ Not %1. %2").arg(QuizText::choice(q, q.choices[static_cast<std::size_t>(index)], m_textbook), why);
    Q_EMIT revealRequested();
    refresh();
}

void QuizPanel::reveal() {
    if (!isPending()) return;
    const core::Question& q = *current();
    m_answered[static_cast<std::size_t>(&q - m_quiz.data())] = true;
    m_last_result = tr("Answer: %1. %2")
                        .arg(QuizText::choice(q, q.choices[q.answer], m_textbook),
                             QuizText::explanation(m_model->trace(), q, m_textbook));
    Q_EMIT revealRequested();
    refresh();
}

void QuizPanel::setPresenting(bool on) {
    m_presenting = on;
    // Bigger words for the back row.
    QFont f = font();
    const double k = on ? 1.6 : 1.0;
    for (QLabel* l : std::initializer_list<QLabel*>{m_result, m_countdown, m_heading}) {
        QFont g = l->font();
        g.setPointSizeF(f.pointSizeF() * k);
        l->setFont(g);
    }
    QFont q = m_question->font();
    q.setPointSizeF(f.pointSizeF() * 1.25 * k);
    m_question->setFont(q);
    for (ChoiceLabel* c : m_choices) {
        QFont g = c->font();
        g.setPointSizeF(f.pointSizeF() * k);
        c->setFont(g);
    }
    m_counting = nullptr;
    refresh();
}

void QuizPanel::skip() {
    if (!isPending()) return;
    const core::Question& q = *current();
    m_answered[static_cast<std::size_t>(&q - m_quiz.data())] = true;
    m_last_result = tr("Skipped. %1").arg(QuizText::explanation(m_model->trace(), q, m_textbook));
    Q_EMIT revealRequested();
    refresh();
}

QString QuizPanel::lessonKey() const {
    const std::string& id = m_model->trace().scenario_id;
    return QStringLiteral("quiz/lesson/") + (id.empty() ? QStringLiteral("untitled") : QString::fromStdString(id));
}

void QuizPanel::record(bool right) {
    QSettings s;
    for (const QString& key : {lessonKey(), kAllKey}) {
        s.setValue(key + QStringLiteral("/asked"), s.value(key + QStringLiteral("/asked"), 0).toInt() + 1);
        if (right) s.setValue(key + QStringLiteral("/right"), s.value(key + QStringLiteral("/right"), 0).toInt() + 1);
    }
}

QuizPanel::Score QuizPanel::lessonScore() const {
    QSettings s;
    return {s.value(lessonKey() + QStringLiteral("/right"), 0).toInt(), s.value(lessonKey() + QStringLiteral("/asked"), 0).toInt()};
}

QuizPanel::Score QuizPanel::overallScore() {
    QSettings s;
    return {s.value(kAllKey + QStringLiteral("/right"), 0).toInt(), s.value(kAllKey + QStringLiteral("/asked"), 0).toInt()};
}

void QuizPanel::refresh() {
    m_heading->setText(tr("Predict the next step"));
    const core::Question* q = m_active ? current() : nullptr;
    const bool open = q && isPending();
    if (!m_active) {
        m_question->setText(tr("Quiz mode is off: press Q to be asked before each step."));
    } else if (open) {
        m_question->setText(QuizText::prompt(m_model->trace(), *q));
    } else if (m_computing == m_generation && m_watcher.isRunning()) {
        m_question->setText(tr("Finding the questions…"));
    } else if (m_quiz.empty()) {
        m_question->setText(tr("This trace has nothing to ask about."));
    } else {
        m_question->setText(tr("Step on (→ or Space): the next question comes before the step it is about."));
    }
    const QStringList texts = open ? QuizText::choices(*q, m_textbook) : QStringList{};
    for (std::size_t i = 0; i < m_choices.size(); ++i) {
        const bool shown = static_cast<int>(i) < texts.size();
        m_choices[i]->setVisible(shown);
        if (shown) m_choices[i]->setText(QStringLiteral("%1   %2").arg(i + 1).arg(texts[static_cast<int>(i)]));
    }
    m_skip->setText(m_presenting ? tr("Reveal the answer (→ or Space)") : tr("Skip: show the answer"));
    m_skip->setVisible(open);
    m_result->setText(m_last_result);
    m_result->setVisible(!m_last_result.isEmpty());
    // Presenting: a countdown for each question while the class thinks, and no score.
    if (m_presenting && open && m_counting != q) {
        m_counting = q;
        m_seconds_left = kCountdownSeconds;
        m_tick->start();
    }
    if (!m_presenting || !open) {
        m_tick->stop();
        m_seconds_left = 0;
        if (!open) m_counting = nullptr;
    }
    m_countdown->setVisible(m_presenting && open);
    m_countdown->setText(m_seconds_left > 0 ? tr("%n s left to think", nullptr, m_seconds_left) : tr("Time is up: reveal the answer"));
    const Score lesson = lessonScore(), all = overallScore();
    m_score->setText(tr("Score: %1 of %2 in this lesson, %3 of %4 in all").arg(lesson.right).arg(lesson.asked).arg(all.right).arg(all.asked));
    m_score->setVisible(m_active && !m_presenting);
}

QString QuizPanel::questionText() const { return m_question->text(); }

QStringList QuizPanel::choiceTexts() const {
    QStringList out;
    for (const ChoiceLabel* b : m_choices)
        if (b->isVisibleTo(this)) out << b->text();
    return out;
}

QString QuizPanel::resultText() const { return m_last_result; }

void QuizPanel::retranslate() { refresh(); }

void QuizPanel::setTextbookStateNames(bool on) {
    m_textbook = on;
    refresh();
}

void QuizPanel::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

}  // namespace tcpviz::ui
