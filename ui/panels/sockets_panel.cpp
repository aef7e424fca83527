#include "ui/panels/sockets_panel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "core/tcp/segment.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

namespace {

QString addressText(const core::SocketAddress& a, bool any_peer) {
    if (any_peer) return QStringLiteral("*:*");
    return QString::fromStdString(core::ipv4ToString(a.address)) + QLatin1Char(':') + QString::number(a.port);
}

}  // namespace

// --- the rows --------------------------------------------------------------------------------

void SocketTableModel::setRows(std::vector<core::SocketRow> rows, core::TimeUs now, core::TimeUs time_wait) {
    beginResetModel();
    m_rows = std::move(rows);
    m_now = now;
    m_time_wait = time_wait;
    endResetModel();
}

int SocketTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SocketTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SocketTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size())) return {};
    const core::SocketRow& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == RecvQ || index.column() == SendQ || index.column() == Connection
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case State: return Text::stateName(r.state, false);
        case RecvQ: return r.recv_q;
        case SendQ: return r.send_q;
        case Local: return r.listener ? QStringLiteral("*:%1").arg(r.local.port) : addressText(r.local, false);
        case Peer: return addressText(r.peer, r.listener);
        case Timer:
            // As `ss -o` says it: what is left of TIME-WAIT.
            if (r.state == core::State::TimeWait && m_time_wait > 0) {
                const core::TimeUs left = std::max<core::TimeUs>(0, r.since + m_time_wait - m_now);
                return tr("timewait (%1)").arg(Text::durationText(left));
            }
            return {};
        case Connection: return r.listener ? QVariant() : QVariant(r.connection);
        default: return {};
    }
}

QVariant SocketTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
        case State: return tr("State");
        case RecvQ: return tr("Recv-Q");
        case SendQ: return tr("Send-Q");
        case Local: return tr("Local address:port");
        case Peer: return tr("Peer address:port");
        case Timer: return tr("Timer");
        case Connection: return tr("Connection");
        default: return {};
    }
}

void SocketTableModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

// --- the dock --------------------------------------------------------------------------------

SocketsPanel::SocketsPanel(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model), m_rows(this) {
    setObjectName(QStringLiteral("SocketsPanel"));
    m_picker_label = new QLabel(this);
    m_picker = new QSpinBox(this);
    m_picker->setObjectName(QStringLiteral("ConnectionPicker"));
    m_picker->setKeyboardTracking(false);   // typing "123" asks for one connection, not three
    m_picker_label->setBuddy(m_picker);
    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("ConnectionAddresses"));
    m_host_label = new QLabel(this);
    m_host = new QComboBox(this);
    m_host->setObjectName(QStringLiteral("SocketsHost"));
    m_host_label->setBuddy(m_host);
    m_state_label = new QLabel(this);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("SocketsState"));
    m_state_label->setBuddy(m_state);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("SocketsCount"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("SocketsTable"));
    m_table->setModel(&m_rows);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    // Fixed rows and columns: nothing is measured per row, so 30,000 rows cost what 30 do.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Widths from the longest a column can hold, not from measuring every row.
    const QFontMetrics fm = m_table->fontMetrics();
    const int address = fm.horizontalAdvance(QStringLiteral("255.255.255.255:65535")) + 16;
    m_table->setColumnWidth(SocketTableModel::State, fm.horizontalAdvance(QStringLiteral("SYN-RECEIVED")) + 16);
    m_table->setColumnWidth(SocketTableModel::RecvQ, fm.horizontalAdvance(QStringLiteral("Recv-Q")) + 16);
    m_table->setColumnWidth(SocketTableModel::SendQ, fm.horizontalAdvance(QStringLiteral("Send-Q")) + 16);
    m_table->setColumnWidth(SocketTableModel::Local, address);
    m_table->setColumnWidth(SocketTableModel::Peer, address);
    m_table->setColumnWidth(SocketTableModel::Timer, fm.horizontalAdvance(QStringLiteral("timewait (59.9 s)")) + 16);

    auto* grid = new QGridLayout;
    grid->addWidget(m_picker_label, 0, 0);
    grid->addWidget(m_picker, 0, 1);
    grid->addWidget(m_connection, 0, 2, 1, 3);
    grid->addWidget(m_host_label, 1, 0);
    grid->addWidget(m_host, 1, 1);
    grid->addWidget(m_state_label, 1, 2);
    grid->addWidget(m_state, 1, 3);
    grid->addWidget(m_count, 1, 4);
    grid->setColumnStretch(4, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(grid);
    layout->addWidget(m_table, 1);

    connect(m_picker, &QSpinBox::valueChanged, this, [this](int id) {
        if (m_model->hosts() && static_cast<std::uint32_t>(id) != m_model->connection())
            m_model->showConnection(static_cast<std::uint32_t>(id));
    });
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const auto& rows = m_rows.rows();
        if (!index.isValid() || index.row() >= static_cast<int>(rows.size())) return;
        const core::SocketRow& r = rows[static_cast<std::size_t>(index.row())];
        if (!r.listener) m_model->showConnection(r.connection);
    });
    connect(m_host, &QComboBox::activated, this, [this] {
        fillStates();
        refresh();
    });
    connect(m_state, &QComboBox::activated, this, [this] { refresh(); });
    connect(m_model, &SessionModel::traceChanged, this, [this] {
        // A new lesson of hosts: the host it is about.
        const HostSession* h = m_model->hosts();
        if (h && h != m_shown_for) Text::setHostChoices(m_host, h->scenario.run, h->shownHosts(), h->firstShown());
        m_shown_for = h;
        fillStates();
        updatePicker();
        if (isVisible()) refresh();
    });
    connect(m_model, &SessionModel::cursorChanged, this, [this] {
        if (isVisible()) refresh();
    });
    retranslate();
    fillStates();
    updatePicker();
}

void SocketsPanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    refresh();
}

void SocketsPanel::setHost(core::HostId host) {
    m_host->setCurrentIndex(m_host->findData(static_cast<int>(host)));
    fillStates();
    refresh();
}

void SocketsPanel::setStateFilter(std::optional<core::State> state) {
    m_state->setCurrentIndex(state ? std::max(0, m_state->findData(static_cast<int>(*state))) : 0);
    refresh();
}

void SocketsPanel::fillStates() {
    // Every state the host's sockets are ever in, after "all".
    const QVariant kept = m_state->currentData();
    m_state->clear();
    m_state->addItem(tr("All states"), -1);
    if (const HostSession* h = m_model->hosts()) {
        const auto host = static_cast<core::HostId>(m_host->currentData().toInt());
        const core::SocketSeries& series = h->series.at(host);
        const auto& servers = h->scenario.run.servers;
        if (std::any_of(servers.begin(), servers.end(), [&](const core::ServerProgram& s) { return s.host == host; }))
            m_state->addItem(Text::stateName(core::State::Listen, false), static_cast<int>(core::State::Listen));
        for (std::size_t s = 0; s < core::kStateCount; ++s)
            if (series.everIn(static_cast<core::State>(s)))
                m_state->addItem(Text::stateName(static_cast<core::State>(s), false), static_cast<int>(s));
    }
    m_state->setCurrentIndex(std::max(0, m_state->findData(kept)));
}

void SocketsPanel::updatePicker() {
    const HostSession* h = m_model->hosts();
    m_picker->setEnabled(h != nullptr);
    const QSignalBlocker block(m_picker);
    if (!h || h->outcome.connections.empty()) {
        m_picker->setRange(0, 0);
        m_connection->setText(h ? tr("no connection was made") : tr("a lesson of two endpoints has one connection"));
        return;
    }
    const auto& list = h->outcome.connections;
    m_picker->setRange(0, static_cast<int>(list.size() - 1));
    m_picker->setValue(static_cast<int>(m_model->connection()));
    const core::ConnectionSummary& c = list[std::min<std::size_t>(m_model->connection(), list.size() - 1)];
    m_connection->setText(tr("%1 → %2, of %3 connections%4")
                              .arg(addressText(c.a, false), addressText(c.b, false),
                                   QLocale().toString(static_cast<qulonglong>(list.size())),
                                   c.spoofed ? tr(" (a spoofed SYN)") : QString()));
}

void SocketsPanel::refresh() {
    const HostSession* h = m_model->hosts();
    m_time = m_model->cursorTime();
    if (!h) {
        m_rows.setRows({}, 0, 0);
        m_count->setText(QString());
        return;
    }
    const auto host = static_cast<core::HostId>(m_host->currentData().toInt());
    std::vector<core::SocketRow> rows = core::socketsAt(h->outcome, host, m_time);
    const int state = m_state->currentData().toInt();
    if (state >= 0)
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const core::SocketRow& r) { return static_cast<int>(r.state) != state; }),
                   rows.end());
    const core::HostProfile& p = h->scenario.run.host(host).profile;
    const auto n = static_cast<qulonglong>(rows.size());
    m_rows.setRows(std::move(rows), m_time, p.time_wait);
    m_count->setText(tr("%n socket(s) at %1", nullptr, static_cast<int>(std::min<qulonglong>(n, INT32_MAX)))
                         .arg(Text::timeText(m_time)));
}

void SocketsPanel::retranslate() {
    m_picker_label->setText(tr("&Connection:"));
    m_host_label->setText(tr("&Host:"));
    m_state_label->setText(tr("&State:"));
    if (const HostSession* h = m_model->hosts())
        Text::setHostChoices(m_host, h->scenario.run, h->shownHosts(), static_cast<core::HostId>(m_host->currentData().toInt()));
    m_rows.retranslate();
    fillStates();
    updatePicker();
    if (isVisible()) refresh();
}

}  // namespace tcpviz::ui
