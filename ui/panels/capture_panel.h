#pragma once
// The connections of a capture (issue 17): one row per TCP connection the reader found, with its
// two ends, its segments, each side's inferred first and last state and Wireshark's
// completeness; a double-click (or Enter) shows that connection in the other views. The rows
// live in a table model that infers a connection's states only when its row is drawn, so a
// capture of tens of thousands of connections opens at once.
#include <QAbstractTableModel>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/capture/infer.h"

class QLabel;
class QPushButton;
class QTableView;

namespace tcpviz::ui {

class SessionModel;
struct CaptureSession;

class CaptureConnectionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, A, B, Segments, StatesA, StatesB, Completeness, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setCapture(std::shared_ptr<const CaptureSession> capture);
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role) const override;
    void retranslate();
    // Wireshark's completeness bits as words: "complete" or what was seen.
    static QString completenessText(std::uint8_t bits);

private:
    [[nodiscard]] const core::InferredStates& states(int row) const;
    std::shared_ptr<const CaptureSession> m_capture;
    mutable std::vector<std::optional<core::InferredStates>> m_states;   // by row, once drawn
};

class CapturePanel : public QWidget {
    Q_OBJECT
public:
    explicit CapturePanel(SessionModel* model, QWidget* parent = nullptr);
    [[nodiscard]] QTableView* table() const { return m_table; }
    [[nodiscard]] const CaptureConnectionsModel& rows() const { return m_rows; }
    void retranslate();

Q_SIGNALS:
    void turnIntoLessonRequested();

private:
    void onTraceChanged();
    SessionModel* m_model;
    CaptureConnectionsModel m_rows;
    QTableView* m_table = nullptr;
    QLabel* m_heading = nullptr;
    QPushButton* m_lesson = nullptr;
    const CaptureSession* m_shown = nullptr;
};

}  // namespace tcpviz::ui
