#include "ui/panels/capacity_panel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

#include "ui/session/session_model.h"

namespace tcpviz::ui {

namespace {

QSpinBox* countBox(QWidget* parent, int lo, int hi, int value) {
    auto* b = new QSpinBox(parent);
    b->setRange(lo, hi);
    b->setValue(value);
    b->setGroupSeparatorShown(true);
    return b;
}

// A count that may be far beyond 64-bit integers' reach of good sense: digits up to a trillion,
// then a power of two or ten.
QString countText(double n) {
    if (n < 1e12) return QLocale().toString(static_cast<qulonglong>(std::llround(n)));
    const double log2 = std::log2(n);
    if (std::abs(log2 - std::round(log2)) < 1e-9) return QStringLiteral("2^%1 ≈ %2").arg(std::lround(log2)).arg(n, 0, 'g', 3);
    return QLocale().toString(n, 'g', 3);
}

constexpr std::array<core::CapacityLimit, 4> kLimits{core::CapacityLimit::FourTuple, core::CapacityLimit::ClientPorts,
                                                     core::CapacityLimit::Descriptors, core::CapacityLimit::Memory};

}  // namespace

CapacityPanel::CapacityPanel(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("CapacityPanel"));
    const core::CapacityInput d;
    m_server_addresses = countBox(this, 1, 1'000'000, static_cast<int>(d.server_addresses));
    m_server_ports = countBox(this, 1, 65'535, static_cast<int>(d.server_ports));
    m_client_addresses = countBox(this, 1, 2'000'000'000, static_cast<int>(d.client_addresses));
    m_client_ports = countBox(this, 1, 65'535, static_cast<int>(d.client_ports));
    m_fd_limit = countBox(this, 1, 2'000'000'000, static_cast<int>(d.fd_limit));
    m_processes = countBox(this, 1, 1'000'000, static_cast<int>(d.processes));
    m_memory_gib = new QDoubleSpinBox(this);
    m_memory_gib->setRange(0.001, 1'000'000);
    m_memory_gib->setDecimals(3);
    m_memory_gib->setValue(static_cast<double>(d.memory_bytes) / (1u << 30));
    m_kib_per_connection = new QDoubleSpinBox(this);
    m_kib_per_connection->setRange(0.1, 1'000'000);
    m_kib_per_connection->setDecimals(1);
    m_kib_per_connection->setValue(static_cast<double>(d.bytes_per_connection) / 1024);

    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    auto* form = new QFormLayout;
    QWidget* fields[] = {m_server_addresses, m_server_ports, m_client_addresses, m_client_ports,
                         m_fd_limit,         m_processes,    m_memory_gib,       m_kib_per_connection};
    for (std::size_t i = 0; i < m_input_labels.size(); ++i) {
        m_input_labels[i] = new QLabel(this);
        m_input_labels[i]->setBuddy(fields[i]);
        form->addRow(m_input_labels[i], fields[i]);
    }
    auto* results = new QVBoxLayout;
    for (QLabel*& r : m_results) {
        r = new QLabel(this);
        r->setWordWrap(true);
        r->setTextFormat(Qt::RichText);
        results->addWidget(r);
    }
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("CapacityVerdict"));
    m_verdict->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_heading);
    layout->addLayout(form);
    layout->addLayout(results);
    layout->addWidget(m_verdict);
    layout->addStretch(1);

    for (QSpinBox* b : {m_server_addresses, m_server_ports, m_client_addresses, m_client_ports, m_fd_limit, m_processes})
        connect(b, &QSpinBox::valueChanged, this, &CapacityPanel::recompute);
    for (QDoubleSpinBox* b : {m_memory_gib, m_kib_per_connection})
        connect(b, &QDoubleSpinBox::valueChanged, this, &CapacityPanel::recompute);
    connect(m_model, &SessionModel::traceChanged, this, [this] {
        // A new lesson of hosts: its server's descriptors and its client's ports.
        const HostSession* h = m_model->hosts();
        if (!h || h == m_filled_for) return;
        m_filled_for = h;
        core::CapacityInput in = input();
        const core::HostRun& run = h->scenario.run;
        in.fd_limit = run.host(run.firstServerHost()).profile.fd_limit;
        in.client_ports = run.host(run.firstClientHost()).profile.ephemeralPorts();
        setInput(in);
    });
    retranslate();
}

core::CapacityInput CapacityPanel::input() const {
    core::CapacityInput in;
    in.server_addresses = static_cast<std::uint64_t>(m_server_addresses->value());
    in.server_ports = static_cast<std::uint64_t>(m_server_ports->value());
    in.client_addresses = static_cast<std::uint64_t>(m_client_addresses->value());
    in.client_ports = static_cast<std::uint64_t>(m_client_ports->value());
    in.fd_limit = static_cast<std::uint64_t>(m_fd_limit->value());
    in.processes = static_cast<std::uint64_t>(m_processes->value());
    in.memory_bytes = static_cast<std::uint64_t>(std::llround(m_memory_gib->value() * (1u << 30)));
    in.bytes_per_connection = static_cast<std::uint64_t>(std::llround(m_kib_per_connection->value() * 1024));
    return in;
}

void CapacityPanel::setInput(const core::CapacityInput& in) {
    const auto set = [](QSpinBox* b, std::uint64_t v) { b->setValue(static_cast<int>(std::min<std::uint64_t>(v, b->maximum()))); };
    set(m_server_addresses, in.server_addresses);
    set(m_server_ports, in.server_ports);
    set(m_client_addresses, in.client_addresses);
    set(m_client_ports, in.client_ports);
    set(m_fd_limit, in.fd_limit);
    set(m_processes, in.processes);
    m_memory_gib->setValue(static_cast<double>(in.memory_bytes) / (1u << 30));
    m_kib_per_connection->setValue(static_cast<double>(in.bytes_per_connection) / 1024);
    recompute();
}

QString CapacityPanel::resultText(core::CapacityLimit l) const {
    switch (l) {
        case core::CapacityLimit::FourTuple:
            return tr("4-tuples (client addresses 2^32 × client ports 2^16, per server socket): %1")
                .arg(countText(m_result.four_tuple));
        case core::CapacityLimit::ClientPorts:
            return tr("Client addresses × ephemeral ports, per server socket: %1").arg(countText(m_result.client_ports));
        case core::CapacityLimit::Descriptors:
            return tr("Descriptors (ulimit -n × processes, less the listeners): %1").arg(countText(m_result.descriptors));
        case core::CapacityLimit::Memory:
            return tr("Kernel memory ÷ memory per connection: %1").arg(countText(m_result.memory));
    }
    return {};
}

void CapacityPanel::recompute() {
    m_result = core::capacityOf(input());
    for (std::size_t i = 0; i < kLimits.size(); ++i) {
        const QString text = resultText(kLimits[i]).toHtmlEscaped();
        m_results[i]->setText(kLimits[i] == m_result.binding ? QStringLiteral("<b>▶ %1</b>").arg(text) : text);
    }
    QString why;
    switch (m_result.binding) {
        case core::CapacityLimit::FourTuple: why = tr("the 4-tuple itself"); break;
        case core::CapacityLimit::ClientPorts: why = tr("the clients' addresses and ports"); break;
        case core::CapacityLimit::Descriptors: why = tr("file descriptors: raise ulimit -n (and fs.file-max)"); break;
        case core::CapacityLimit::Memory: why = tr("memory"); break;
    }
    m_verdict->setText(tr("At most %1 connections; the limit is %2.").arg(countText(m_result.limit), why));
}

void CapacityPanel::retranslate() {
    m_heading->setText(tr("A connection is its 4-tuple: the server's address and port, and the client's. How many "
                          "can this server hold?"));
    const QString names[] = {tr("Server &addresses:"), tr("Server &ports:"),      tr("&Client addresses:"),
                             tr("Client &ephemeral ports:"), tr("&Descriptors (ulimit -n):"), tr("Server p&rocesses:"),
                             tr("Kernel &memory (GiB):"), tr("Memory per &idle connection (KiB):")};
    for (std::size_t i = 0; i < m_input_labels.size(); ++i) m_input_labels[i]->setText(names[i]);
    m_kib_per_connection->setToolTip(tr("An assumption to set: measure it on your machine (slabtop: TCP, "
                                        "sock_inode_cache, and the buffers the connections hold)."));
    recompute();
}

}  // namespace tcpviz::ui
