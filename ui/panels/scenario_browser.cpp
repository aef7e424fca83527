#include "ui/panels/scenario_browser.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtDebug>
#include <algorithm>
#include <array>

#include "ui/session/session_model.h"

namespace tcpviz::ui {

// The built-in scenarios, parsed once per process: every browser, the File menu and every
// retranslate read the same values. A built-in that does not parse is a build error caught by
// the core tests; here it is left out with a warning rather than taking the window down.
const std::vector<LibraryScenario>& scenarioLibrary() {
    static const std::vector<LibraryScenario> parsed = [] {
        std::vector<LibraryScenario> out;
        for (const core::BuiltinScenario& b : core::builtinScenarios()) {
            try {
                const core::AnyScenario any = core::parseAnyScenario(b.json, b.id + ".json");
                std::visit(
                    [&](const auto& s) {
                        out.push_back({QString::fromStdString(b.id), s.group, s.title, s.description,
                                       std::is_same_v<std::decay_t<decltype(s)>, core::HostScenario>});
                    },
                    any);
            } catch (const core::ScenarioError& e) {
                qWarning("tcpviz: built-in scenario %s: %s", b.id.c_str(), e.what());
            }
        }
        return out;
    }();
    return parsed;
}

bool isBuiltinScenario(const QString& id) {
    const auto& lib = scenarioLibrary();
    return std::any_of(lib.begin(), lib.end(), [&](const LibraryScenario& l) { return l.id == id; });
}

bool isHostLesson(const QString& id) {
    const auto& lib = scenarioLibrary();
    return std::any_of(lib.begin(), lib.end(), [&](const LibraryScenario& l) { return l.id == id && l.hosts; });
}

namespace {

// The groups in the order a course meets them; anything else goes under "Other", last.
constexpr std::array<const char*, 10> kGroupOrder{"establishment", "termination", "loss", "congestion",
                                                 "resets", "hosts", "https", "http2", "quic", "rfc"};

QString groupHeading(const QString& key) {
    if (key == QLatin1String("establishment")) return ScenarioBrowser::tr("Establishment");
    if (key == QLatin1String("termination")) return ScenarioBrowser::tr("Termination");
    if (key == QLatin1String("loss")) return ScenarioBrowser::tr("Loss and retransmission");
    if (key == QLatin1String("congestion")) return ScenarioBrowser::tr("Flow and congestion control");
    if (key == QLatin1String("resets")) return ScenarioBrowser::tr("Resets and failures");
    if (key == QLatin1String("hosts")) return ScenarioBrowser::tr("Many connections");
    if (key == QLatin1String("https")) return ScenarioBrowser::tr("HTTPS: TLS above TCP");
    if (key == QLatin1String("http2")) return ScenarioBrowser::tr("HTTP/2: many streams, one connection");
    if (key == QLatin1String("quic")) return ScenarioBrowser::tr("QUIC and HTTP/3: TLS inside UDP");
    if (key == QLatin1String("rfc")) return ScenarioBrowser::tr("RFC 9293 figures");
    return ScenarioBrowser::tr("Other");
}

QString groupKeyOf(const LibraryScenario& s) {
    const QString g = QString::fromStdString(s.group);
    for (const char* known : kGroupOrder)
        if (g == QLatin1String(known)) return g;
    return {};
}

QString titleOf(const QString& id, const LibraryScenario& s) {
    const std::string t = s.title.in(SessionModel::language().toStdString());
    return t.empty() ? id : QString::fromStdString(t);
}

QString descriptionOf(const LibraryScenario& s) {
    return QString::fromStdString(s.description.in(SessionModel::language().toStdString()));
}

// What the filter searches: the id and the title in every language the file has, so a class
// can type the English title while the interface is in Chinese and vice versa.
QString haystackOf(const QString& id, const LibraryScenario& s) {
    QString h = id;
    for (const auto& [lang, text] : s.title.text)
        h += QLatin1Char('\n') + QString::fromStdString(text);
    return h;
}

}  // namespace

ScenarioBrowser::ScenarioBrowser(QWidget* parent)
    : QWidget(parent),
      m_filter(new QLineEdit(this)),
      m_tree(new QTreeWidget(this)),
      m_description(new QTextBrowser(this)),
      m_open(new QPushButton(this)) {
    setObjectName(QStringLiteral("scenarioBrowser"));
    m_filter->setObjectName(QStringLiteral("scenarioFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);

    m_tree->setObjectName(QStringLiteral("scenarioTree"));
    m_tree->setColumnCount(1);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    // Headings toggle on activation instead (see activate()), so that double-click and Enter
    // do the same thing and a double-click does not toggle twice.
    m_tree->setExpandsOnDoubleClick(false);

    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    m_description->setReadOnly(true);
    m_description->setOpenLinks(false);

    m_open->setObjectName(QStringLiteral("scenarioOpen"));
    m_open->setEnabled(false);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("scenarioSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_description);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_open);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    // Tab order follows the reading order: filter, list, description, Open.
    setTabOrder(m_filter, m_tree);
    setTabOrder(m_tree, m_description);
    setTabOrder(m_description, m_open);
    setFocusProxy(m_filter);

    populate();
    retranslate();

    connect(m_filter, &QLineEdit::textChanged, this, &ScenarioBrowser::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        // Enter in the filter opens what it narrowed down to.
        QTreeWidgetItem* item = m_tree->currentItem();
        if (!entryOf(item) || item->isHidden()) item = firstVisibleScenario();
        if (item) activate(item);
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &ScenarioBrowser::showDescription);
    connect(m_tree, &QTreeWidget::itemActivated, this, &ScenarioBrowser::activate);
    connect(m_open, &QPushButton::clicked, this, [this] { activate(m_tree->currentItem()); });
}

void ScenarioBrowser::populate() {
    const std::vector<LibraryScenario>& lib = scenarioLibrary();
    std::vector<QString> keys;
    for (const char* k : kGroupOrder) keys.emplace_back(QLatin1String(k));
    keys.emplace_back();  // Other
    m_entries.reserve(lib.size());
    for (const QString& key : keys) {
        QTreeWidgetItem* heading = nullptr;
        for (const LibraryScenario& s : lib) {
            if (groupKeyOf(s) != key) continue;
            if (!heading) {
                heading = new QTreeWidgetItem(m_tree);
                // Headings can hold the cursor (arrows, Left/Right fold them) but are not
                // scenarios: they cannot be selected or opened.
                heading->setFlags(Qt::ItemIsEnabled);
                heading->setFirstColumnSpanned(true);
                heading->setData(0, GroupRole, key);
                m_groups.push_back(heading);
            }
            auto* item = new QTreeWidgetItem(heading);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            item->setData(0, IdRole, s.id);
            m_entries.push_back({s.id, &s, item});
        }
        if (heading) heading->setExpanded(true);
    }
}

void ScenarioBrowser::retranslate() {
    m_filter->setPlaceholderText(tr("Filter by title or id"));
    m_filter->setAccessibleName(tr("Filter scenarios"));
    m_tree->setAccessibleName(tr("Scenarios"));
    m_description->setAccessibleName(tr("Scenario description"));
    m_open->setText(tr("&Open"));
    m_open->setToolTip(tr("Load the selected scenario (or double-click it, or press Enter)"));
    for (QTreeWidgetItem* heading : m_groups) {
        heading->setText(0, groupHeading(heading->data(0, GroupRole).toString()));
        heading->setToolTip(0, tr("%n scenario(s)", nullptr, heading->childCount()));
    }
    for (const Entry& e : m_entries) {
        const QString title = titleOf(e.id, *e.scenario);
        const QString description = descriptionOf(*e.scenario);
        e.item->setText(0, title);
        // Rich text so that long descriptions wrap instead of running across the screen.
        e.item->setToolTip(0, description.isEmpty()
                                  ? title.toHtmlEscaped()
                                  : Qt::convertFromPlainText(description, Qt::WhiteSpaceNormal));
    }
    showDescription();
}

void ScenarioBrowser::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

bool ScenarioBrowser::eventFilter(QObject* watched, QEvent* e) {
    // Down in the filter continues into the list, as in a search field with suggestions.
    if (watched == m_filter && e->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(e)->key() == Qt::Key_Down) {
        QTreeWidgetItem* item = m_tree->currentItem();
        if (!item || item->isHidden()) item = firstVisibleScenario();
        if (item) m_tree->setCurrentItem(item);
        m_tree->setFocus(Qt::TabFocusReason);
        return true;
    }
    return QWidget::eventFilter(watched, e);
}

const ScenarioBrowser::Entry* ScenarioBrowser::entryOf(const QTreeWidgetItem* item) const {
    if (!item) return nullptr;
    for (const Entry& e : m_entries)
        if (e.item == item) return &e;
    return nullptr;
}

QTreeWidgetItem* ScenarioBrowser::itemFor(const QString& id) const {
    for (const Entry& e : m_entries)
        if (e.id == id) return e.item;
    return nullptr;
}

QString ScenarioBrowser::highlightedScenario() const {
    const Entry* e = entryOf(m_tree->currentItem());
    return e ? e->id : QString();
}

QTreeWidgetItem* ScenarioBrowser::firstVisibleScenario() const {
    for (const Entry& e : m_entries)
        if (!e.item->isHidden()) return e.item;
    return nullptr;
}

void ScenarioBrowser::applyFilter(const QString& text) {
    // Every word must occur (case-insensitively) in the id or a title: "lost syn" finds
    // "lost-syn" and "The SYN is lost".
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const Entry& e : m_entries) {
        const QString haystack = haystackOf(e.id, *e.scenario);
        bool match = true;
        for (const QString& w : words)
            if (!haystack.contains(w, Qt::CaseInsensitive)) match = false;
        e.item->setHidden(!match);
    }
    for (QTreeWidgetItem* heading : m_groups) {
        bool any = false;
        for (int i = 0; i < heading->childCount(); ++i) any = any || !heading->child(i)->isHidden();
        heading->setHidden(!any);
    }
    QTreeWidgetItem* current = m_tree->currentItem();
    if (!current || current->isHidden()) {
        QTreeWidgetItem* first = firstVisibleScenario();
        if (first) {
            m_tree->setCurrentItem(first);
        } else {
            m_tree->setCurrentItem(nullptr);
            m_tree->clearSelection();
        }
    }
    showDescription();
}

void ScenarioBrowser::showDescription() {
    QTreeWidgetItem* item = m_tree->currentItem();
    const Entry* e = entryOf(item);
    m_open->setEnabled(e && !item->isHidden());
    if (e && !item->isHidden()) {
        const QString description = descriptionOf(*e->scenario);
        QString html =
            QStringLiteral("<p><b>%1</b></p>").arg(titleOf(e->id, *e->scenario).toHtmlEscaped());
        if (!description.isEmpty())
            html += Qt::convertFromPlainText(description, Qt::WhiteSpaceNormal);
        // The id is what the command line takes (tcpviz --export … --scenario ID).
        html += QStringLiteral("<p><small>%1</small></p>")
                    .arg(tr("Id: %1").arg(
                        QStringLiteral("<code>%1</code>").arg(e->id.toHtmlEscaped())));
        m_description->setHtml(html);
    } else if (item && !item->isHidden()) {
        m_description->setHtml(QStringLiteral("<p><b>%1</b></p><p>%2</p>")
                                   .arg(item->text(0).toHtmlEscaped(),
                                        tr("%n scenario(s)", nullptr, item->childCount())));
    } else if (!firstVisibleScenario()) {
        m_description->setHtml(
            QStringLiteral("<p>%1</p>")
                .arg(tr("No scenario matches “%1”.").arg(m_filter->text().toHtmlEscaped())));
    } else {
        m_description->clear();
    }
}

void ScenarioBrowser::activate(QTreeWidgetItem* item) {
    if (!item) return;
    if (const Entry* e = entryOf(item)) {
        Q_EMIT openRequested(e->id);
    } else if (item->childCount() > 0) {
        item->setExpanded(!item->isExpanded());
    }
}

void ScenarioBrowser::setCurrentScenario(const QString& id) {
    m_current = id;
    for (const Entry& e : m_entries) {
        QFont f = e.item->font(0);
        f.setBold(e.id == id);
        e.item->setFont(0, f);
    }
    QTreeWidgetItem* item = itemFor(id);
    if (!item) {
        m_tree->clearSelection();
        return;
    }
    if (item->isHidden()) return;  // filtered out: marked, but the user's view stays as it is
    if (item->parent()) item->parent()->setExpanded(true);
    // Selecting is no request to open: openRequested comes only from activation.
    m_tree->setCurrentItem(item);
    m_tree->scrollToItem(item);
}

}  // namespace tcpviz::ui
