#include "ui/panels/course_panel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/panels/scenario_browser.h"
#include "ui/session/session_model.h"

namespace tcpviz::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kChapterRole = Qt::UserRole + 1;

QString openedKey(const QString& id) { return QStringLiteral("course/opened/") + id; }

QString lessonTitle(const QString& id) {
    for (const LibraryScenario& s : scenarioLibrary())
        if (s.id == id) {
            const std::string t = s.title.in(SessionModel::language().toStdString());
            return t.empty() ? id : QString::fromStdString(t);
        }
    return id;
}

}  // namespace

std::vector<CoursePanel::Chapter> CoursePanel::chapters() {
    const auto ids = [](std::initializer_list<const char*> list) {
        QStringList out;
        for (const char* id : list) out << QLatin1String(id);
        return out;
    };
    return {
        {tr("1. The TCP header"),
         tr("Every segment carries ports, a sequence number, an acknowledgment number, flags and a window. "
            "Click a segment and the inspector shows its header in 32-bit rows: the SYN's MSS option, the window "
            "that paces a sender, the RST that ends a connection."),
         ids({"handshake", "flow-control", "refused"})},
        {tr("2. The three-way handshake"),
         tr("The client's SYN carries its starting number x; the server's SYN,ACK carries its own y and "
            "acknowledges x+1; the client's ACK acknowledges y+1. Both sides then know the other's number."),
         ids({"handshake", "simultaneous-open", "lost-syn", "lost-synack"})},
        {tr("3. The four-way teardown"),
         tr("Each direction is closed on its own: a FIN and its ACK each way. The side that closes first ends in "
            "TIME-WAIT; the other passes through CLOSE-WAIT and LAST-ACK."),
         ids({"teardown", "simultaneous-close", "close-during-handshake"})},
        {tr("4. The state machine"),
         tr("RFC 9293's Figure 5: eleven states and the events that move a connection between them. The RFC's "
            "own figures, replayed segment by segment."),
         ids({"rfc9293-fig6", "rfc9293-fig7", "rfc9293-fig8", "rfc9293-fig9", "rfc9293-fig10", "rfc9293-fig11",
              "rfc9293-fig12", "rfc9293-fig13"})},
        {tr("5. The TCB"),
         tr("The Transmission Control Block holds what a connection remembers: SND.UNA, SND.NXT, SND.WND, RCV.NXT, "
            "RCV.WND, the timers. The inspector shows both sides' at the cursor; watch them move as data flows."),
         ids({"data-loss", "flow-control", "slow-start"})},
        {tr("6. 2MSL and what TIME-WAIT is for"),
         tr("TIME-WAIT waits twice the maximum segment lifetime, so that a lost last ACK can be sent again and "
            "old duplicates of this connection die out before a new one takes its ports."),
         ids({"time-wait", "time-wait-purpose", "time-wait-skipped", "time-wait-new-syn", "time-wait-reuse"})},
        {tr("7. Why three handshakes, and what if the last ACK is lost"),
         tr("Two would let an old duplicate SYN open a connection nobody asked for, and would leave the server "
            "unsure that its own number arrived. When the last ACK is lost, the server's timer sends its SYN,ACK "
            "again."),
         ids({"two-way-handshake", "lost-final-ack", "listen-send"})},
        {tr("8. Many CLOSE-WAIT and TIME-WAIT connections in production"),
         tr("A program that never calls close() leaves its sockets in CLOSE-WAIT; a client making short "
            "connections piles up TIME-WAIT until it runs out of ports. Each has its cure, and its bad cure."),
         ids({"close-wait-leak", "close-wait-leak-server", "time-wait-pileup", "time-wait-on-server",
              "server-restart-eaddrinuse", "server-restart-reuseaddr", "http-keepalive", "http-short-connections"})},
        {tr("9. HTTP/2 and QUIC"),
         tr("HTTP/2 sends many requests at once on one connection, but one lost TCP segment stalls them all. QUIC "
            "moves the streams into UDP, where a loss stalls only its own stream, and folds TLS into its handshake."),
         ids({"http1-vs-http2", "http2-head-of-line", "quic-handshake", "quic-0rtt", "quic-vs-tcp-loss"})},
        {tr("10. The HTTPS handshake and certificates"),
         tr("TLS agrees on keys with public-key work, checks the server's certificate chain, and then encrypts "
            "with symmetric keys, which are thousands of times faster. TLS 1.3 needs one round trip, TLS 1.2 two."),
         ids({"https-tls13", "https-tls12", "tls13-resumption-0rtt", "handshake-rtts", "certificate-verification",
              "certificate-expired", "certificate-wrong-name", "certificate-unknown-issuer", "why-symmetric-keys"})},
        {tr("11. How many connections a server can hold"),
         tr("A connection is named by four numbers, so a server's one port can hold far more than 65,535. What "
            "limits it is memory, file descriptors, the accept queue and, under attack, the SYN queue."),
         ids({"max-connections", "accept-queue-overflow", "syn-flood", "syn-flood-cookies"})},
    };
}

CoursePanel::CoursePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("CoursePanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("CourseTree"));
    m_tree->setColumnCount(2);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 3);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("CourseText"));
    layout->addWidget(m_text, 1);
    m_quiz = new QPushButton(this);
    m_quiz->setObjectName(QStringLiteral("CourseQuiz"));
    layout->addWidget(m_quiz, 0, Qt::AlignRight);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString id = item->data(0, kIdRole).toString();
        if (!id.isEmpty()) Q_EMIT openRequested(id, false);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] { showChapterText(); });
    connect(m_quiz, &QPushButton::clicked, this, [this] {
        const int c = chosenChapter();
        if (c < 0) return;
        const Chapter chapter = chapters()[static_cast<std::size_t>(c)];
        // The lesson chosen, else the chapter's first not opened yet, else its first.
        QString id = m_tree->currentItem() ? m_tree->currentItem()->data(0, kIdRole).toString() : QString();
        if (id.isEmpty()) {
            const auto next = std::find_if(chapter.lessons.begin(), chapter.lessons.end(), [](const QString& l) { return !isOpened(l); });
            id = next != chapter.lessons.end() ? *next : chapter.lessons.front();
        }
        Q_EMIT openRequested(id, true);
    });
    refresh();
}

void CoursePanel::markOpened(const QString& id) { QSettings().setValue(openedKey(id), true); }

bool CoursePanel::isOpened(const QString& id) { return QSettings().value(openedKey(id), false).toBool(); }

CoursePanel::Progress CoursePanel::progress(const Chapter& c) {
    Progress p;
    QSettings s;
    p.lessons = static_cast<int>(c.lessons.size());
    for (const QString& id : c.lessons) {
        if (isOpened(id)) ++p.opened;
        p.right += s.value(QStringLiteral("quiz/lesson/%1/right").arg(id), 0).toInt();
        p.asked += s.value(QStringLiteral("quiz/lesson/%1/asked").arg(id), 0).toInt();
    }
    return p;
}

int CoursePanel::chosenChapter() const {
    const QTreeWidgetItem* item = m_tree->currentItem();
    if (!item) return -1;
    if (item->parent()) item = item->parent();
    return item->data(0, kChapterRole).toInt();
}

void CoursePanel::refresh() {
    const int chosen = chosenChapter();
    const QString chosen_id = m_tree->currentItem() ? m_tree->currentItem()->data(0, kIdRole).toString() : QString();
    m_tree->clear();
    m_tree->setHeaderLabels({tr("Chapter and lessons"), tr("Done")});
    const std::vector<Chapter> all = chapters();
    for (std::size_t c = 0; c < all.size(); ++c) {
        const Progress p = progress(all[c]);
        auto* chapter = new QTreeWidgetItem(m_tree, {all[c].title, tr("%1 / %2").arg(p.opened).arg(p.lessons)});
        chapter->setData(0, kChapterRole, static_cast<int>(c));
        QFont bold = chapter->font(0);
        bold.setBold(true);
        chapter->setFont(0, bold);
        if (p.asked > 0) chapter->setToolTip(1, tr("Quiz: %1 of %2 right").arg(p.right).arg(p.asked));
        for (const QString& id : all[c].lessons) {
            auto* lesson = new QTreeWidgetItem(chapter, {lessonTitle(id), isOpened(id) ? QStringLiteral("✓") : QString()});
            lesson->setData(0, kIdRole, id);
            lesson->setData(0, kChapterRole, static_cast<int>(c));
            lesson->setToolTip(0, id);
            if (static_cast<int>(c) == chosen && id == chosen_id) m_tree->setCurrentItem(lesson);
        }
        if (static_cast<int>(c) == chosen && chosen_id.isEmpty()) m_tree->setCurrentItem(chapter);
    }
    m_quiz->setText(tr("Open with the quiz"));
    showChapterText();
}

void CoursePanel::showChapterText() {
    const int c = chosenChapter();
    const std::vector<Chapter> all = chapters();
    m_text->setText(c >= 0 ? all[static_cast<std::size_t>(c)].text : tr("Pick a chapter: it says what it is about and opens its lessons in order."));
    m_quiz->setEnabled(c >= 0);
}

void CoursePanel::retranslate() { refresh(); }

void CoursePanel::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
}

}  // namespace tcpviz::ui
