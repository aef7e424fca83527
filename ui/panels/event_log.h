#pragma once
// The event log: one row per event of the trace — step, time, endpoint, what happened, the
// segment in the chosen notation, and the endpoint's state (before → after). Selecting a row
// moves the cursor to the step that shows it; the current step's rows follow the cursor. Like
// the diagram, it lists only the events shown so far, or (FutureSteps::Faded) the later ones
// greyed.
#include <QAbstractTableModel>
#include <QTableView>
#include <array>
#include <vector>

#include "core/trace/notation.h"
#include "core/tcp/state.h"
#include "ui/views/future_steps.h"

namespace tcpviz::ui {

class SessionModel;

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { StepColumn, TimeColumn, EndpointColumn, WhatColumn, SegmentColumn, StateColumn, ColumnCount };

    explicit EventLogModel(SessionModel* session, QObject* parent = nullptr);

    void setNotation(core::Notation n);
    void setTextbookStateNames(bool on);
    // Hidden (the default): rows only for the events shown so far, so that the log does not
    // give the lesson away; moving the cursor adds and removes rows. Faded: a row for every
    // event, those not shown yet in grey.
    void setFutureSteps(FutureSteps f);
    [[nodiscard]] FutureSteps futureSteps() const { return m_future; }
    // Every row and heading again, in the current language.
    void retranslate();

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    void reset();
    void onCursorChanged(int cursor, int previous);
    // The rows there should be: every event's, or (Hidden) the shown events'.
    [[nodiscard]] int wantedRows() const;
    // Inserts or removes rows at the end until there are wantedRows().
    void syncRows();

    SessionModel* m_session;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_textbook_names = false;
    FutureSteps m_future = FutureSteps::Hidden;
    int m_rows = 0;                      // the rows the views know of
};

class EventLogView : public QTableView {
    Q_OBJECT
public:
    explicit EventLogView(SessionModel* session, QWidget* parent = nullptr);
    [[nodiscard]] EventLogModel* logModel() const { return m_model; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void sizeToFont();
    void followCursor();
    void onCurrentRowChanged(const QModelIndex& current);

    SessionModel* m_session;
    EventLogModel* m_model;
    bool m_following = false;
};

}  // namespace tcpviz::ui
