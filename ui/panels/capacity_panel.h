#pragma once
// How many connections can this server hold? (issue 16, the max-connections lesson): the 4-tuple
// arithmetic of core/net/capacity.h as a small calculator beside a lesson of hosts, filled in
// from the lesson's hosts (the server's descriptor limit, the client's ephemeral ports) and
// changed by hand. Each limit is shown, and the one that binds first is marked.
#include <QWidget>
#include <array>

#include "core/net/capacity.h"

class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace tcpviz::ui {

class SessionModel;

class CapacityPanel : public QWidget {
    Q_OBJECT
public:
    explicit CapacityPanel(SessionModel* model, QWidget* parent = nullptr);

    [[nodiscard]] core::CapacityInput input() const;
    void setInput(const core::CapacityInput& in);
    [[nodiscard]] const core::Capacity& result() const { return m_result; }
    // The line of one limit, as shown: "Descriptors (ulimit -n × processes): 1,023".
    [[nodiscard]] QString resultText(core::CapacityLimit l) const;
    void retranslate();

private:
    void recompute();

    SessionModel* m_model;
    const void* m_filled_for = nullptr;   // the HostSession the inputs were taken from
    QSpinBox* m_server_addresses = nullptr;
    QSpinBox* m_server_ports = nullptr;
    QSpinBox* m_client_addresses = nullptr;
    QSpinBox* m_client_ports = nullptr;
    QSpinBox* m_fd_limit = nullptr;
    QSpinBox* m_processes = nullptr;
    QDoubleSpinBox* m_memory_gib = nullptr;
    QDoubleSpinBox* m_kib_per_connection = nullptr;
    std::array<QLabel*, 8> m_input_labels{};
    std::array<QLabel*, 4> m_results{};
    QLabel* m_heading = nullptr;
    QLabel* m_verdict = nullptr;
    core::Capacity m_result;
};

}  // namespace tcpviz::ui
