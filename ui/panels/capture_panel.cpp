#include "ui/panels/capture_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "core/capture/analysis.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

void CaptureConnectionsModel::setCapture(std::shared_ptr<const CaptureSession> capture) {
    beginResetModel();
    m_capture = std::move(capture);
    m_states.assign(m_capture ? m_capture->capture.connections.size() : 0, std::nullopt);
    endResetModel();
}

int CaptureConnectionsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_capture ? 0 : static_cast<int>(m_capture->capture.connections.size());
}

int CaptureConnectionsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::InferredStates& CaptureConnectionsModel::states(int row) const {
    auto& s = m_states.at(static_cast<std::size_t>(row));
    if (!s) s = core::inferStates(m_capture->capture, static_cast<std::uint32_t>(row));
    return *s;
}

QString CaptureConnectionsModel::completenessText(std::uint8_t bits) {
    if (Text::isComplete(bits)) return tr("complete (%1)").arg(bits);
    return tr("%1 (%2)").arg(Text::completenessParts(bits), QString::number(bits));
}

QVariant CaptureConnectionsModel::data(const QModelIndex& index, int role) const {
    if (!m_capture || !index.isValid()) return {};
    const int row = index.row();
    const core::CapturedConnection& c = m_capture->capture.connections.at(static_cast<std::size_t>(row));
    if (role == Qt::TextAlignmentRole && (index.column() == Id || index.column() == Segments))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    const auto path = [&](int side) {
        const core::InferredStates& s = states(row);
        return tr("%1 → %2").arg(Text::stateName(s.initial[static_cast<std::size_t>(side)], false),
                                 Text::stateName(s.last(side), false));
    };
    switch (index.column()) {
        case Id: return row;
        case A: return QString::fromStdString(core::captureEndText(c.a));
        case B: return QString::fromStdString(core::captureEndText(c.b));
        case Segments: return c.segments;
        case StatesA: return path(0);
        case StatesB: return path(1);
        case Completeness:
            return completenessText(core::connectionCompleteness(m_capture->capture, static_cast<std::uint32_t>(row)));
        default: return {};
    }
}

QVariant CaptureConnectionsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Id: return tr("#");
        case A: return tr("A (sent the SYN)");
        case B: return tr("B");
        case Segments: return tr("Segments");
        case StatesA: return tr("A's states");
        case StatesB: return tr("B's states");
        case Completeness: return tr("Completeness");
        default: return {};
    }
}

void CaptureConnectionsModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

CapturePanel::CapturePanel(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("CapturePanel"));
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("CaptureConnections"));
    m_table->setModel(&m_rows);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_lesson = new QPushButton(this);
    m_lesson->setObjectName(QStringLiteral("TurnIntoLesson"));
    connect(m_lesson, &QPushButton::clicked, this, &CapturePanel::turnIntoLessonRequested);
    auto* top = new QHBoxLayout;
    top->addWidget(m_heading, 1);
    top->addWidget(m_lesson);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    const auto show = [this](const QModelIndex& i) {
        if (i.isValid()) m_model->showConnection(static_cast<std::uint32_t>(i.row()));
    };
    connect(m_table, &QTableView::activated, this, show);
    connect(m_table, &QTableView::doubleClicked, this, show);
    connect(m_model, &SessionModel::traceChanged, this, &CapturePanel::onTraceChanged);
    onTraceChanged();
    retranslate();
}

void CapturePanel::onTraceChanged() {
    const CaptureSession* now = m_model->capture();
    if (now != m_shown) {
        m_shown = now;
        m_rows.setCapture(m_model->sharedCapture());
    }
    if (now) {
        m_table->selectRow(static_cast<int>(m_model->connection()));
        m_table->resizeColumnsToContents();   // measured on the rows on screen
    }
    retranslate();
}

void CapturePanel::retranslate() {
    m_rows.retranslate();
    m_lesson->setText(tr("Turn into a lesson"));
    m_lesson->setToolTip(tr("Make a lesson of the connection shown, which the engine replays and you can change"));
    const CaptureSession* c = m_model->capture();
    m_heading->setText(c ? tr("%n TCP connections in %1 packets. Double-click one to show it.", nullptr,
                              static_cast<int>(c->capture.connections.size()))
                               .arg(c->capture.packets)
                         : QString());
}

}  // namespace tcpviz::ui
