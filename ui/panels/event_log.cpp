#include "ui/panels/event_log.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHeaderView>
#include <QScrollBar>
#include <QItemSelectionModel>
#include <algorithm>

#include "ui/views/diagram_style.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

EventLogModel::EventLogModel(SessionModel* session, QObject* parent) : QAbstractTableModel(parent), m_session(session) {
    connect(m_session, &SessionModel::traceChanged, this, &EventLogModel::reset);
    connect(m_session, &SessionModel::cursorChanged, this, &EventLogModel::onCursorChanged);
    connect(m_session, &SessionModel::granularityChanged, this, [this] {
        syncRows();
        if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
    reset();
}

void EventLogModel::reset() {
    beginResetModel();
    m_rows = wantedRows();
    endResetModel();
}

int EventLogModel::wantedRows() const {
    const std::size_t all = m_session->trace().events.size();
    return static_cast<int>(m_future == FutureSteps::Hidden ? std::min(m_session->visibleEvents(), all) : all);
}

void EventLogModel::syncRows() {
    const int wanted = wantedRows();
    if (wanted > m_rows) {
        beginInsertRows({}, m_rows, wanted - 1);
        m_rows = wanted;
        endInsertRows();
    } else if (wanted < m_rows) {
        beginRemoveRows({}, wanted, m_rows - 1);
        m_rows = wanted;
        endRemoveRows();
    }
}

void EventLogModel::setFutureSteps(FutureSteps f) {
    if (f == m_future) return;
    m_future = f;
    syncRows();   // the rows already there look the same either way
}

void EventLogModel::setNotation(core::Notation n) {
    if (n == m_notation) return;
    m_notation = n;
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, SegmentColumn), index(rowCount() - 1, SegmentColumn));
}

void EventLogModel::setTextbookStateNames(bool on) {
    if (on == m_textbook_names) return;
    m_textbook_names = on;
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void EventLogModel::onCursorChanged(int cursor, int previous) {
    syncRows();
    // Rows change colour between the old and the new cursor, and in both current steps.
    const core::Steps& steps = m_session->steps();
    const auto rows = static_cast<std::size_t>(rowCount());
    std::size_t first = rows, last = 0;
    auto include = [&](std::size_t begin, std::size_t end) {
        if (begin >= end) return;
        first = std::min(first, begin);
        last = std::max(last, std::min(end, rows));
    };
    const auto a = static_cast<std::size_t>(std::min(cursor, previous));
    const auto b = static_cast<std::size_t>(std::max(cursor, previous));
    include(steps.eventsVisibleAt(a), steps.eventsVisibleAt(b));
    for (int c : {cursor, previous}) {
        const core::EventRange r = steps.events(static_cast<std::size_t>(std::max(c, 0)));
        include(r.begin, r.end);
    }
    if (first >= last) return;
    Q_EMIT dataChanged(index(static_cast<int>(first), 0), index(static_cast<int>(last - 1), ColumnCount - 1));
}

void EventLogModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int EventLogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_rows; }

int EventLogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EventLogModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case StepColumn: return tr("Step");
        case TimeColumn: return tr("Time");
        case EndpointColumn: return tr("Endpoint");
        case WhatColumn: return tr("What happened");
        case SegmentColumn: return tr("Segment");
        case StateColumn: return tr("State");
        default: return {};
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const core::Trace& t = m_session->trace();
    if (row >= t.events.size()) return {};
    const core::Event& e = t.events[row];
    const bool shown = row < m_session->visibleEvents();
    const bool current = m_session->currentStepEvents().contains(row);

    switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            switch (index.column()) {
                case StepColumn: return static_cast<qulonglong>(m_session->steps().stepOfEvent(row));
                case TimeColumn: return Text::timeText(e.time);
                case EndpointColumn: return Text::endpointLabel(t, e.endpoint);
                case WhatColumn: return Text::eventDescription(t, e, m_textbook_names);
                case SegmentColumn:
                    if (e.kind == core::EventKind::Send || e.kind == core::EventKind::Arrive || e.kind == core::EventKind::Drop)
                        return QString::fromStdString(m_session->labeler().label(t, e.segment, m_notation));
                    return {};
                case StateColumn: {
                    const QString before = Text::stateName(m_session->stateBefore(e.endpoint, row), m_textbook_names);
                    if (e.kind != core::EventKind::State) return before;
                    return tr("%1 → %2").arg(before, Text::stateName(e.to, m_textbook_names));
                }
                default: return {};
            }
        case Qt::ForegroundRole:
            if (!shown) return QColor(0xA0, 0xA0, 0xA0);
            if (e.kind == core::EventKind::Drop || (e.notice != core::Notice::None && index.column() == WhatColumn))
                return style::vermillion().darker(120);
            return {};
        case Qt::BackgroundRole:
            if (current) return style::colors().band;
            if (index.column() == StateColumn && e.kind == core::EventKind::State && shown) return style::stateFill(e.to);
            return {};
        case Qt::FontRole:
            if (current || e.kind == core::EventKind::State) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        case Qt::TextAlignmentRole:
            if (index.column() == StepColumn || index.column() == TimeColumn)
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        default: return {};
    }
}

// --- the view ------------------------------------------------------------------------------

EventLogView::EventLogView(SessionModel* session, QWidget* parent)
    : QTableView(parent), m_session(session), m_model(new EventLogModel(session, this)) {
    setObjectName(QStringLiteral("EventLog"));
    setModel(m_model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(false);
    setWordWrap(false);
    setShowGrid(false);
    verticalHeader()->hide();
    // Fixed row heights keep a table of half a million events fast.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    sizeToFont();
    horizontalHeader()->setStretchLastSection(true);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentRowChanged(current); });
    connect(m_session, &SessionModel::cursorChanged, this, &EventLogView::followCursor);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventLogView::followCursor);
    followCursor();
}

void EventLogView::onCurrentRowChanged(const QModelIndex& current) {
    if (m_following || !current.isValid()) return;
    // Show the step this event belongs to.
    m_session->setCursor(m_session->stepOfEvent(static_cast<std::size_t>(current.row())));
}

void EventLogView::followCursor() {
    m_following = true;
    // Following goes down the rows only: in a narrow dock, scrolling sideways to the "What
    // happened" column would hide the step and the time.
    const int sideways = horizontalScrollBar()->value();
    const std::size_t visible = m_session->visibleEvents();
    if (visible == 0) {
        selectionModel()->clearSelection();
        selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
        scrollToTop();
    } else if (const QModelIndex chosen = currentIndex();
               chosen.isValid() && m_session->currentStepEvents().contains(static_cast<std::size_t>(chosen.row()))) {
        // The row the user picked belongs to the current step: keep it.
        scrollTo(chosen, QAbstractItemView::EnsureVisible);
    } else {
        const QModelIndex last = m_model->index(static_cast<int>(visible - 1), EventLogModel::WhatColumn);
        selectionModel()->setCurrentIndex(last, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scrollTo(last, QAbstractItemView::EnsureVisible);
    }
    horizontalScrollBar()->setValue(sideways);
    m_following = false;
}

// The rows and columns for the font in use (View → Text size changes it).
void EventLogView::sizeToFont() {
    verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 8);
    const QFontMetrics fm(font());
    horizontalHeader()->resizeSection(EventLogModel::StepColumn, fm.horizontalAdvance(QStringLiteral("00000000")));
    horizontalHeader()->resizeSection(EventLogModel::TimeColumn, fm.horizontalAdvance(QStringLiteral("000.000 s___")));
    horizontalHeader()->resizeSection(EventLogModel::EndpointColumn, fm.horizontalAdvance(QStringLiteral("B (Server)_____")));
    // Wide enough for "SYN-RECEIVED → ESTABLISHED (rcv ACK of SYN)" in bold.
    QFont bold = font();
    bold.setBold(true);
    horizontalHeader()->resizeSection(
        EventLogModel::WhatColumn,
        static_cast<int>(QFontMetrics(bold).horizontalAdvance(QStringLiteral("SYN-RECEIVED → ESTABLISHED (rcv ACK of SYN)"))) + 24);
    horizontalHeader()->resizeSection(EventLogModel::SegmentColumn, fm.horizontalAdvance(QStringLiteral("x")) * 36);
}

void EventLogView::changeEvent(QEvent* e) {
    QTableView::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) m_model->retranslate();
    if (e->type() == QEvent::FontChange) sizeToFont();
}

}  // namespace tcpviz::ui
