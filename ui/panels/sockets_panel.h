#pragma once
// The sockets dock of a scenario of hosts (issue 16): a host's sockets at the time of the
// session's cursor, as `ss -tan` lists them (state, Recv-Q, Send-Q, local and peer address,
// timer), filtered by host and state; the connection picker; a double-click on a row shows that
// socket's connection in the other views. The rows live in a table model, so only those on
// screen are drawn, also with tens of thousands of sockets.
#include <QAbstractTableModel>
#include <QWidget>
#include <optional>
#include <vector>

#include "core/sim/host_series.h"

class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;

namespace tcpviz::ui {

class SessionModel;

class SocketTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { State, RecvQ, SendQ, Local, Peer, Timer, Connection, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setRows(std::vector<core::SocketRow> rows, core::TimeUs now, core::TimeUs time_wait);
    [[nodiscard]] const std::vector<core::SocketRow>& rows() const { return m_rows; }
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role) const override;
    void retranslate();

private:
    std::vector<core::SocketRow> m_rows;
    core::TimeUs m_now = 0, m_time_wait = 0;
};

class SocketsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SocketsPanel(SessionModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] const SocketTableModel& rows() const { return m_rows; }
    [[nodiscard]] QSpinBox* connectionPicker() const { return m_picker; }
    // The host and the state shown (nullopt: every state).
    void setHost(core::HostId host);
    void setStateFilter(std::optional<core::State> state);
    // Lists the sockets again at the cursor's time (the dock follows the cursor while shown).
    void refresh();
    void retranslate();
    // The time the rows are taken at.
    [[nodiscard]] core::TimeUs time() const { return m_time; }

protected:
    void showEvent(QShowEvent* e) override;

private:
    void fillStates();
    void updatePicker();

    SessionModel* m_model;
    SocketTableModel m_rows;
    QLabel* m_picker_label = nullptr;
    QSpinBox* m_picker = nullptr;
    QLabel* m_connection = nullptr;
    QLabel* m_host_label = nullptr;
    QComboBox* m_host = nullptr;
    QLabel* m_state_label = nullptr;
    QComboBox* m_state = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    core::TimeUs m_time = 0;
    const void* m_shown_for = nullptr;   // the HostSession the host was chosen for
};

}  // namespace tcpviz::ui
