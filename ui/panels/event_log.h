#pragma once
// The event log: one row per event of the trace — step, time, endpoint, what happened, the
// segment in the chosen notation, and the endpoint's state (before → after). Selecting a row
// moves the cursor to the step that shows it; the current step's rows follow the cursor.
#include <QAbstractTableModel>
#include <QTableView>
#include <array>
#include <vector>

#include "core/trace/notation.h"
#include "core/tcp/state.h"

namespace tcpviz::ui {

class SessionModel;

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { StepColumn, TimeColumn, EndpointColumn, WhatColumn, SegmentColumn, StateColumn, ColumnCount };

    explicit EventLogModel(SessionModel* session, QObject* parent = nullptr);

    void setNotation(core::Notation n);
    void setTextbookStateNames(bool on);
    // Every row and heading again, in the current language.
    void retranslate();

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    void reset();
    void onCursorChanged(int cursor, int previous);

    SessionModel* m_session;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_textbook_names = false;
    std::vector<core::State> m_before;   // the event's endpoint's state before it
};

class EventLogView : public QTableView {
    Q_OBJECT
public:
    explicit EventLogView(SessionModel* session, QWidget* parent = nullptr);
    [[nodiscard]] EventLogModel* logModel() const { return m_model; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void followCursor();
    void onCurrentRowChanged(const QModelIndex& current);

    SessionModel* m_session;
    EventLogModel* m_model;
    bool m_following = false;
};

}  // namespace tcpviz::ui
