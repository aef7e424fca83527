#include "ui/panels/segment_inspector.h"

#include <QAbstractScrollArea>
#include <QApplication>

#include <QEvent>
#include <QFontMetrics>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QTableWidget>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <optional>

#include "core/capture/capture_trace.h"
#include "core/trace/messages.h"
#include "ui/views/diagram_style.h"
#include "ui/session/session_model.h"
#include "ui/shell/text.h"

namespace tcpviz::ui {

using core::Side;

namespace {

constexpr int kMargin = 4;
constexpr int kRulerHeight = 24;
constexpr int kRowHeight = 33;
constexpr int kFlagsRowHeight = 50;

struct Slot {
    std::optional<HeaderField> field;   // empty: one flag bit
    int bits;
    int flag = -1;                      // index in kFlagsInHeaderOrder
};

// RFC 768's header, row by row, and its data.
const std::vector<std::vector<Slot>>& udpRows() {
    static const std::vector<std::vector<Slot>> rows{{{HeaderField::SourcePort, 16}, {HeaderField::DestinationPort, 16}},
                                                     {{HeaderField::Length, 16}, {HeaderField::Checksum, 16}},
                                                     {{HeaderField::Data, 32}}};
    return rows;
}

// RFC 9293 §3.1, Figure 1, row by row.
const std::vector<std::vector<Slot>>& headerRows(bool udp = false) {
    if (udp) return udpRows();
    static const std::vector<std::vector<Slot>> rows = [] {
        std::vector<std::vector<Slot>> r;
        r.push_back({{HeaderField::SourcePort, 16}, {HeaderField::DestinationPort, 16}});
        r.push_back({{HeaderField::Sequence, 32}});
        r.push_back({{HeaderField::Acknowledgment, 32}});
        std::vector<Slot> fourth{{HeaderField::DataOffset, 4}, {HeaderField::Reserved, 4}};
        for (int i = 0; i < 8; ++i) fourth.push_back({std::nullopt, 1, i});
        fourth.push_back({HeaderField::Window, 16});
        r.push_back(fourth);
        r.push_back({{HeaderField::Checksum, 16}, {HeaderField::UrgentPointer, 16}});
        r.push_back({{HeaderField::Options, 32}});
        r.push_back({{HeaderField::Data, 32}});
        return r;
    }();
    return rows;
}

QString fieldName(HeaderField f) {
    switch (f) {
        case HeaderField::SourcePort: return HeaderDiagram::tr("Source Port");
        case HeaderField::DestinationPort: return HeaderDiagram::tr("Destination Port");
        case HeaderField::Sequence: return HeaderDiagram::tr("Sequence Number");
        case HeaderField::Acknowledgment: return HeaderDiagram::tr("Acknowledgment Number");
        case HeaderField::DataOffset: return HeaderDiagram::tr("Data Offset");
        case HeaderField::Reserved: return HeaderDiagram::tr("Rsrvd");
        case HeaderField::Flags: return HeaderDiagram::tr("Flags");
        case HeaderField::Window: return HeaderDiagram::tr("Window");
        case HeaderField::Checksum: return HeaderDiagram::tr("Checksum");
        case HeaderField::UrgentPointer: return HeaderDiagram::tr("Urgent Pointer");
        case HeaderField::Options: return HeaderDiagram::tr("Options");
        case HeaderField::Data: return HeaderDiagram::tr("Data");
        case HeaderField::Length: return HeaderDiagram::tr("Length");
    }
    return {};
}

QFont sized(const QFont& base, int pixels, QFont::Weight w = QFont::Normal) {
    QFont f = base;
    f.setPixelSize(pixels);
    f.setWeight(w);
    return f;
}

// Payload bytes as text: printable ASCII as is, CR and LF as \r and \n (as a protocol's
// documents write them, and in glyphs every font has), others as '·'. Only the bytes shown are
// made (core::Payload computes them on demand).
QString payloadPreview(const core::Payload& bytes, std::size_t max) {
    QString s;
    for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
        const std::uint8_t b = bytes.at(i);
        if (b == '\r')
            s += QStringLiteral("\\r");
        else if (b == '\n')
            s += QStringLiteral("\\n");
        else if (b >= 0x20 && b < 0x7F)
            s += QChar(b);
        else
            s += QChar(0x00B7);
    }
    if (bytes.size() > max) s += QChar(0x2026);
    return s;
}

}  // namespace

// --- the header picture --------------------------------------------------------------------

HeaderDiagram::HeaderDiagram(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("HeaderDiagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    clear();
}

void HeaderDiagram::clear() {
    for (Cell& c : m_cells) c = {};
    m_flags = 0;
    m_empty = true;
    if (m_udp) {
        m_udp = false;
        updateGeometry();
    }
    update();
}

void HeaderDiagram::setUdp(bool udp) {
    if (m_udp == udp) return;
    m_udp = udp;
    updateGeometry();
    update();
}

void HeaderDiagram::setCell(HeaderField f, Cell c) {
    m_cells[static_cast<std::size_t>(f)] = std::move(c);
    m_empty = false;
    update();
}

// The picture is drawn for the application's font and scaled with the widget's own (View →
// Text size).
double HeaderDiagram::scale() const {
    const QFont app = QApplication::font(), own = font();
    if (app.pointSizeF() > 0 && own.pointSizeF() > 0) return own.pointSizeF() / app.pointSizeF();
    if (app.pixelSize() > 0 && own.pixelSize() > 0) return static_cast<double>(own.pixelSize()) / app.pixelSize();
    return 1;
}

QSize HeaderDiagram::sizeHint() const {
    const double s = scale();
    int rows = 0;
    for (const auto& row : headerRows(m_udp)) rows += row.size() > 3 ? kFlagsRowHeight : kRowHeight;
    return {static_cast<int>(std::ceil(620 * s)), static_cast<int>(std::ceil((2 * kMargin + kRulerHeight + rows) * s))};
}

QSize HeaderDiagram::minimumSizeHint() const {
    return {static_cast<int>(std::ceil((32 * 13 + 2 * kMargin) * scale())), sizeHint().height()};
}

void HeaderDiagram::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const double s = scale();
    p.scale(s, s);
    const QFont base = font();
    const QFont ruler = sized(base, 10), name = sized(base, 11), value = sized(base, 15, QFont::Bold),
                detail = sized(base, 12), flag = sized(base, 11, QFont::Bold);
    const qreal bw = (width() / s - 2.0 * kMargin) / 32.0;
    const QColor line(0x8A, 0x8A, 0x8A), faint(0x9A, 0x9A, 0x9A);

    // The bit ruler: tens above units, like the RFC's picture.
    p.setFont(ruler);
    p.setPen(style::muted());
    for (int bit = 0; bit < 32; ++bit) {
        const QRectF cell(kMargin + bit * bw, kMargin, bw, kRulerHeight / 2.0);
        if (bit % 10 == 0) p.drawText(cell, Qt::AlignCenter, QString::number(bit / 10));
        p.drawText(cell.translated(0, kRulerHeight / 2.0), Qt::AlignCenter, QString::number(bit % 10));
    }

    qreal y = kMargin + kRulerHeight;
    for (const auto& row : headerRows(m_udp)) {
        const bool flags_row = row.size() > 3;
        const qreal h = flags_row ? kFlagsRowHeight : kRowHeight;
        int bit = 0;
        for (const Slot& slot : row) {
            const QRectF r(kMargin + bit * bw, y, slot.bits * bw, h);
            bit += slot.bits;
            p.setPen(QPen(line, 1));
            if (!slot.field) {
                // One control bit: lit when set, its name stacked letter by letter.
                const auto& f = core::kFlagsInHeaderOrder[slot.flag];
                const bool on = !m_empty && (m_flags & f.flag);
                p.setBrush(on ? style::blue() : palette().base().color());
                p.drawRect(r);
                p.setFont(flag);
                p.setPen(on ? QColor(Qt::white) : faint);
                const QString letters = QString::fromLatin1(f.name);
                const qreal lh = QFontMetricsF(flag).height();
                const qreal top = r.center().y() - lh * letters.size() / 2.0;
                for (int i = 0; i < letters.size(); ++i)
                    p.drawText(QRectF(r.left(), top + i * lh, r.width(), lh), Qt::AlignCenter, letters.mid(i, 1));
                continue;
            }
            const Cell& c = m_cells[static_cast<std::size_t>(*slot.field)];
            p.setBrush(palette().base());
            p.drawRect(r);
            const bool narrow = r.width() < 110;
            p.setFont(name);
            p.setPen(style::muted());
            const QRectF name_box = r.adjusted(4, 2, -4, 0);
            const int name_flags = (narrow ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignTop | Qt::TextWordWrap;
            p.drawText(name_box, name_flags, fieldName(*slot.field));
            if (m_empty) continue;
            const QFontMetricsF vm(value), dm(detail);
            const QRectF body = r.adjusted(4, narrow ? h * 0.42 : h * 0.30, -4, -2);
            if (narrow) {
                // Under the name, however many lines it takes in this language ("Data Offset"
                // wraps): in the room left, or at the cell's foot.
                const qreal name_bottom =
                    QFontMetricsF(name).boundingRect(name_box, name_flags, fieldName(*slot.field)).bottom();
                const qreal top = std::min(std::max(body.top(), name_bottom), r.bottom() - 2 - vm.height());
                p.setFont(value);
                p.setPen(palette().text().color());
                p.drawText(QRectF(body.left(), top, body.width(), r.bottom() - 2 - top), Qt::AlignCenter, c.value);
                continue;
            }
            const QString v = vm.elidedText(c.value, Qt::ElideRight, body.width());
            const qreal vw = vm.horizontalAdvance(v);
            const QString d = c.detail.isEmpty() ? QString() : dm.elidedText(c.detail, Qt::ElideRight, body.width() - vw - 14);
            const qreal dw = d.isEmpty() ? 0 : dm.horizontalAdvance(d) + 12;
            const qreal x0 = body.center().x() - (vw + dw) / 2;
            p.setFont(value);
            p.setPen(palette().text().color());
            p.drawText(QRectF(x0, body.top(), vw + 1, body.height()), Qt::AlignLeft | Qt::AlignVCenter, v);
            if (!d.isEmpty()) {
                p.setFont(detail);
                p.setPen(style::blue());
                p.drawText(QRectF(x0 + vw + 12, body.top(), dw, body.height()), Qt::AlignLeft | Qt::AlignVCenter, d);
            }
        }
        y += h;
    }

}

// --- the inspector -------------------------------------------------------------------------

SegmentInspector::SegmentInspector(SessionModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    setObjectName(QStringLiteral("SegmentInspector"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("SegmentSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    QFont summary_font = m_summary->font();
    summary_font.setBold(true);
    m_summary->setFont(summary_font);

    m_header = new HeaderDiagram(this);
    m_messages = new QLabel(this);
    m_messages->setObjectName(QStringLiteral("SegmentMessages"));
    m_messages->setWordWrap(true);
    m_messages->setTextFormat(Qt::RichText);
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messages->hide();

    m_tcb_title = new QLabel(this);
    m_tcbs = new QTableWidget(kTcbRows, 2, this);
    m_tcbs->setObjectName(QStringLiteral("TcbTable"));
    m_tcbs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tcbs->setSelectionMode(QAbstractItemView::NoSelection);
    m_tcbs->setFocusPolicy(Qt::NoFocus);
    m_tcbs->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_tcbs->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tcbs->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tcbs->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tcbs->setMinimumWidth(300);
    sizeTableToFont();
    for (int r = 0; r < kTcbRows; ++r)
        for (int c = 0; c < 2; ++c) {
            auto* item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            m_tcbs->setItem(r, c, item);
        }

    auto* right = new QVBoxLayout;
    right->addWidget(m_tcb_title);
    right->addWidget(m_tcbs);
    right->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addWidget(m_header, 3, Qt::AlignTop);
    body->addSpacing(8);
    body->addLayout(right, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_summary);
    // A protocol's messages first, where there are any: in an HTTPS lesson they are what a
    // segment is about.
    layout->addWidget(m_messages);
    layout->addLayout(body);
    layout->addStretch(1);

    m_tcb_timer.setSingleShot(true);
    m_tcb_timer.setInterval(30);
    connect(&m_tcb_timer, &QTimer::timeout, this, &SegmentInspector::refreshTcbs);
    connect(m_model, &SessionModel::selectedSegmentChanged, this, &SegmentInspector::showSegment);
    connect(m_model, &SessionModel::cursorChanged, this, [this] {
        // Hidden: what the summary may tell of the segment depends on the cursor.
        if (m_future == FutureSteps::Hidden) showSegment(m_model->selectedSegment());
        scheduleTcbs();
    });
    connect(m_model, &SessionModel::traceChanged, this, [this] {
        showSegment(m_model->selectedSegment());
        scheduleTcbs();
    });
    retranslate();
}

QString SegmentInspector::fieldText(const core::MessageField& f) {
    using K = core::MessageFieldKind;
    const auto arg = [&](std::size_t i) { return i < f.args.size() ? QString::fromStdString(f.args[i]) : QString(); };
    const QString mark = f.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ");
    QString text;
    switch (f.kind) {
        case K::Version: return tr("version: %1").arg(arg(0));
        case K::TransportParameter: return tr("transport parameter %1 = %2").arg(arg(0), arg(1));
        case K::Http2Frame: {
            const QString flags = arg(1).isEmpty() ? tr("no flags") : tr("flags %1").arg(arg(1));
            return arg(2) == QLatin1String("0")
                       ? tr("frame %1 of the connection, %2 bytes, %3").arg(arg(0), arg(3), flags)
                       : tr("frame %1 of stream %2, %3 bytes, %4").arg(arg(0), arg(2), arg(3), flags);
        }
        case K::HeaderField: return tr("header field %1: %2").arg(arg(0), arg(1));
        case K::Http2Setting: return tr("%1 = %2", "an HTTP/2 setting and its value").arg(arg(0), arg(1));
        case K::QuicStream: {
            const qulonglong offset = arg(1).toULongLong(), length = arg(2).toULongLong();
            return length == 0 ? tr("stream %1: no bytes, its end").arg(arg(0))
                               : tr("stream %1: bytes %2 to %3").arg(arg(0)).arg(offset).arg(offset + length - 1);
        }
        case K::CipherSuites: return tr("cipher suites offered: %1").arg(arg(0));
        case K::CipherSuite: return tr("cipher suite: %1").arg(arg(0));
        case K::KeyShare: return tr("key share: %1").arg(arg(0));
        case K::ServerName: return tr("server name (SNI): %1").arg(arg(0));
        case K::Alpn: return tr("application protocols (ALPN): %1").arg(arg(0));
        case K::SignatureAlgorithm: return tr("signature algorithm: %1").arg(arg(0));
        case K::Certificate: return tr("certificate of %1, issued by %2, valid from %3 to %4").arg(arg(0), arg(1), arg(2), arg(3));
        case K::CheckSignature:
            text = f.ok ? tr("the signature on %1 checks out with %2's public key").arg(arg(0), arg(1))
                        : tr("the signature on %1 does not check out with %2's public key").arg(arg(0), arg(1));
            break;
        case K::CheckValidity:
            text = f.ok ? tr("%1 is valid on %4 (%2 to %3)").arg(arg(0), arg(1), arg(2), arg(3))
                        : tr("%1 is not valid on %4: only from %2 to %3").arg(arg(0), arg(1), arg(2), arg(3));
            break;
        case K::CheckName:
            text = f.ok ? tr("%1 is among the names the certificate is for: %2").arg(arg(0), arg(1))
                        : tr("%1 is not among the names the certificate is for: %2").arg(arg(0), arg(1));
            break;
        case K::CheckAnchor:
            text = f.ok ? tr("the chain ends at %1, a root this client trusts").arg(arg(0))
                        : tr("the chain ends at %1, which this client does not trust").arg(arg(0));
            break;
    }
    if (!f.ok && f.alert)
        text += tr(": the client answers with alert %1 (%2)")
                    .arg(f.alert)
                    .arg(QString::fromLatin1(core::tlsAlertName(f.alert)));
    return mark + text;
}

void SegmentInspector::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    QWidget* viewport = parentWidget();
    if (!m_view && viewport && qobject_cast<QAbstractScrollArea*>(viewport->parentWidget())) {
        m_view = viewport;
        m_view->installEventFilter(this);
    }
    fitTextToView();
}

bool SegmentInspector::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_view && e->type() == QEvent::Resize) fitTextToView();
    return QWidget::eventFilter(watched, e);
}

void SegmentInspector::fitTextToView() {
    const int width = m_view ? std::max(240, m_view->width() - 16) : QWIDGETSIZE_MAX;
    m_summary->setMaximumWidth(width);
    m_messages->setMaximumWidth(width);
}

QString SegmentInspector::messagesText() const {
    return m_messages->isHidden() ? QString() : QTextDocumentFragment::fromHtml(m_messages->text()).toPlainText();
}

void SegmentInspector::retranslate() {
    // The TCB variables keep the RFC's names in every language (cwnd and ssthresh are RFC 5681's,
    // RTO RFC 6298's).
    m_tcbs->setVerticalHeaderLabels({tr("State"), QStringLiteral("SND.UNA"), QStringLiteral("SND.NXT"),
                                     QStringLiteral("SND.WND"), QStringLiteral("ISS"), QStringLiteral("RCV.NXT"),
                                     QStringLiteral("RCV.WND"), QStringLiteral("IRS"), QStringLiteral("cwnd"),
                                     QStringLiteral("ssthresh"), tr("phase"), tr("dup ACKs"), QStringLiteral("RTO")});
    showSegment(m_model->selectedSegment());
    refreshTcbs();
    m_header->update();
}

// Every row of the TCB table in sight, for the font in use.
void SegmentInspector::sizeTableToFont() {
    m_tcbs->verticalHeader()->setDefaultSectionSize(QFontMetrics(m_tcbs->font()).height() + 8);
    m_tcbs->setFixedHeight(m_tcbs->horizontalHeader()->sizeHint().height() +
                           kTcbRows * m_tcbs->verticalHeader()->defaultSectionSize() + 4);
}

void SegmentInspector::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::LanguageChange) retranslate();
    if (e->type() == QEvent::FontChange) {
        sizeTableToFont();
        m_header->updateGeometry();
        refreshTcbs();   // its bold State row takes the new size
    }
}

void SegmentInspector::setNotation(core::Notation n) {
    m_notation = n;
    showSegment(m_segment);
    refreshTcbs();
}

void SegmentInspector::setTextbookStateNames(bool on) {
    m_textbook_names = on;
    refreshTcbs();
}

void SegmentInspector::setFutureSteps(FutureSteps f) {
    if (f == m_future) return;
    m_future = f;
    showSegment(m_model->selectedSegment());
}

bool SegmentInspector::sentByCursor(std::uint64_t id) const {
    // Segments are numbered in the order they are sent: the last send shown tells.
    const core::Trace& t = m_model->trace();
    for (std::size_t i = m_model->visibleEvents(); i > 0; --i) {
        const core::Event& e = t.events[i - 1];
        if (e.kind == core::EventKind::Send) return e.segment >= id;
    }
    return false;
}

QString SegmentInspector::summary() const { return m_summary->text(); }

QString SegmentInspector::tcbText(int row, Side side) const {
    const QTableWidgetItem* item = m_tcbs->item(row, static_cast<int>(core::idx(side)));
    return item ? item->text() : QString();
}

QColor SegmentInspector::tcbStateFill(Side side) const {
    const QTableWidgetItem* item = m_tcbs->item(0, static_cast<int>(core::idx(side)));
    return item ? item->background().color() : QColor();
}

void SegmentInspector::showSegment(std::uint64_t id) {
    const core::Trace& t = m_model->trace();
    const bool hidden = m_future == FutureSteps::Hidden;
    m_messages->clear();
    m_messages->hide();
    if (id == 0 || id > t.segments.size() || (hidden && !sentByCursor(id))) {
        m_segment = 0;
        m_header->clear();
        // What to do rather than an empty form: the header's rows stay drawn, unfilled.
        m_summary->setText(tr("No segment selected: click an arrow in the diagram to see its header here."));
        return;
    }
    m_segment = id;
    const core::SegmentRecord& r = t.segment(id);
    const core::Segment& s = r.segment;
    const core::SegmentLabeler& labeler = m_model->labeler();
    const bool words = m_notation == core::Notation::Textbook || m_notation == core::Notation::Relative;
    m_header->clear();
    m_header->setCell(HeaderField::SourcePort, {QString::number(s.src_port), {}});
    m_header->setCell(HeaderField::DestinationPort, {QString::number(s.dst_port), {}});
    const core::CaptureSource* captured = t.capture.get();
    const core::CapturedSegmentInfo* info = captured ? &captured->segments.at(id - 1) : nullptr;
    // The checksum as sent, checked over the pseudo-header of the two addresses (a capture's
    // was checked as it was read, over IPv6 too); TCP's and UDP's alike.
    const core::PseudoHeader ph{t.endpoints[core::idx(r.from)].address, t.endpoints[core::idx(core::peerOf(r.from))].address};
    const core::ChecksumCheck check = info ? info->checksum
                                           : core::computeChecksum(s, ph) == s.checksum ? core::ChecksumCheck::Good
                                                                                        : core::ChecksumCheck::Bad;
    m_header->setCell(HeaderField::Checksum, {QStringLiteral("0x") + QStringLiteral("%1").arg(s.checksum, 4, 16, QLatin1Char('0')).toUpper(),
                                              Text::checksumText(check)});
    if (s.udp()) {
        // A QUIC datagram: UDP's four fields, then QUIC's packets (named in the messages).
        m_header->setUdp(true);
        m_header->setCell(HeaderField::Length, {QString::number(8 + s.payload.size()), tr("header and data")});
        m_header->setCell(HeaderField::Data, {Text::bytesText(s.payload.size()), tr("QUIC, encrypted")});
    } else {
        m_header->setCell(HeaderField::Sequence,
                          {QString::number(s.seq.value()), words ? QString::fromStdString(labeler.seqField(t, id, m_notation)) : QString()});
        if (s.has(core::kAck))
            m_header->setCell(HeaderField::Acknowledgment,
                              {QString::number(s.ack.value()), words ? QString::fromStdString(labeler.ackField(t, id, m_notation)) : QString()});
        else
            m_header->setCell(HeaderField::Acknowledgment, {QString::number(s.ack.value()), tr("not used: ACK is 0")});
        m_header->setCell(HeaderField::DataOffset, {QString::number(s.data_offset), tr("%1 bytes").arg(s.data_offset * 4)});
        m_header->setCell(HeaderField::Reserved, {QStringLiteral("0"), {}});
        m_header->setCell(HeaderField::Flags, {QString::fromStdString(core::controlBitsText(s.flags)), {}});
        m_header->setFlags(s.flags);
        // A captured window is scaled as both SYNs agreed (RFC 7323 §2.3); a SYN's never is.
        const int shift = captured && !s.has(core::kSyn) ? captured->window_scale[core::idx(r.from)] : -1;
        m_header->setCell(HeaderField::Window, {QString::number(s.window),
                                                shift > 0 ? tr("× %1 = %2").arg(1u << shift).arg(qulonglong{s.window} << shift) : QString()});
        m_header->setCell(HeaderField::UrgentPointer, {QString::number(s.urgent_pointer), {}});
        QStringList options;
        if (s.options.mss) options << tr("MSS = %1").arg(*s.options.mss);
        if (s.options.window_scale) options << tr("window scale = %1").arg(*s.options.window_scale);
        if (s.options.sack_permitted) options << tr("SACK permitted");
        if (s.options.timestamps)
            options << tr("timestamps %1, %2").arg(s.options.timestamps->value).arg(s.options.timestamps->echo_reply);
        if (captured)
            for (const auto& [left, right] : core::sackBlocks(captured->optionBytes(id))) options << tr("SACK %1–%2").arg(left).arg(right);
        m_header->setCell(HeaderField::Options, {options.isEmpty() ? tr("none") : options.join(QStringLiteral(", ")), {}});
        if (s.payload.empty())
            m_header->setCell(HeaderField::Data, {tr("none"), {}});
        else if (info && info->captured_payload < s.payload.size())
            m_header->setCell(HeaderField::Data, {Text::bytesText(s.payload.size()),
                                                  tr("%1 of them captured").arg(Text::bytesText(info->captured_payload))});
        else
            m_header->setCell(HeaderField::Data, {Text::bytesText(s.payload.size()), payloadPreview(s.payload, 48)});
    }

    // "Segment 2: B → A, SYN,ACK — sent at 0.060 s, arrives at 0.110 s (retransmission)"
    QString when;
    if (const auto end = m_model->endOfFlight(id); end && (!hidden || *end < m_model->visibleEvents())) {
        const core::Event& e = t.events[*end];
        when = e.kind == core::EventKind::Arrive ? tr("arrives at %1").arg(Text::timeText(e.time))
                                                 : tr("lost at %1").arg(Text::timeText(e.time));
    }
    // The protocol messages it carries, each with its fields.
    QString messages;
    for (const std::uint32_t m : labeler.messages().carried(t, id)) {
        const core::StreamMessage& msg = t.messages[m];
        if (msg.details.empty()) {
            messages += QStringLiteral("<p style=\"margin:2px 0\"><b>%1</b></p>").arg(QString::fromStdString(msg.name).toHtmlEscaped());
            continue;
        }
        for (const core::MessageDetail& d : msg.details) {
            messages += QStringLiteral("<p style=\"margin:4px 0 0 0\"><b>%1</b></p><ul style=\"margin:0\">")
                            .arg(QString::fromStdString(d.name).toHtmlEscaped());
            for (const core::MessageField& f : d.fields) {
                const bool failed = !f.ok;
                messages += QStringLiteral("<li>%1</li>")
                                .arg(failed ? QStringLiteral("<span style=\"color:#D55E00\"><b>%1</b></span>").arg(fieldText(f).toHtmlEscaped())
                                            : fieldText(f).toHtmlEscaped());
            }
            messages += QStringLiteral("</ul>");
        }
    }
    if (!messages.isEmpty()) {
        const QString heading = s.udp() ? tr("QUIC packets in this datagram:") : tr("Protocol messages in this segment:");
        m_messages->setText(QStringLiteral("<p style=\"margin:0\">%1</p>").arg(heading.toHtmlEscaped()) +
                            messages);
        m_messages->show();
    }

    QString text = (s.udp() ? tr("Datagram %1: %2 → %3 · %4 · sent at %5") : tr("Segment %1: %2 → %3 · %4 · sent at %5"))
                       .arg(id)
                       .arg(Text::endpointName(t.endpoints[core::idx(r.from)]),
                            Text::endpointName(t.endpoints[core::idx(core::peerOf(r.from))]),
                            QString::fromStdString(labeler.label(t, id, m_notation)), Text::timeText(r.sent_at));
    if (!when.isEmpty()) text += tr(", %1").arg(when);
    if (info) {
        // A capture's own words: when and where it was captured, and Wireshark's analysis, not
        // the engine's reasons.
        text = tr("Segment %1: %2 → %3 · %4 · packet %5, captured at %6")
                   .arg(id)
                   .arg(Text::endpointName(t.endpoints[core::idx(r.from)]),
                        Text::endpointName(t.endpoints[core::idx(core::peerOf(r.from))]),
                        QString::fromStdString(labeler.label(t, id, m_notation)))
                   .arg(info->packet)
                   .arg(Text::timeText(r.sent_at));
        if (const QString marks = Text::analysisText(info->analysis, info->dup_ack); !marks.isEmpty()) text += tr(" (%1)").arg(marks);
    } else if (const QString tag = Text::sendReasonTag(r.reason); !tag.isEmpty()) {
        text += tr(" (%1)").arg(tag);
    }
    m_summary->setText(text);
}

void SegmentInspector::scheduleTcbs() { m_tcb_timer.start(); }

void SegmentInspector::refreshTcbs() {
    m_tcb_timer.stop();
    const core::Trace& t = m_model->trace();
    const std::size_t visible = m_model->visibleEvents();
    m_tcb_title->setText(tr("Connection variables at step %1 / %2 (t = %3)")
                             .arg(m_model->cursor())
                             .arg(m_model->stepCount())
                             .arg(visible == 0 ? Text::timeText(0) : Text::timeText(t.events[visible - 1].time)));
    for (Side s : {Side::A, Side::B})
        m_tcbs->setHorizontalHeaderItem(static_cast<int>(core::idx(s)),
                                        new QTableWidgetItem(Text::endpointLabel(t, s)));
    const auto tcbs = m_model->tcbsAtCursor();
    for (Side s : {Side::A, Side::B}) {
        const core::TcbNumbers& tcb = tcbs[core::idx(s)];
        const int col = static_cast<int>(core::idx(s));
        const bool open = tcb.state != core::State::Closed && tcb.state != core::State::Listen;
        const bool received = open && tcb.state != core::State::SynSent;
        const core::SeqNum iss(tcb.iss), irs(tcb.irs);
        auto number = [&](std::uint32_t value, core::SeqNum base, Side space) {
            const core::SeqNum v(value);
            const QString absolute = QString::number(value);
            if (m_notation == core::Notation::Textbook)
                return tr("%1 (%2)").arg(QString::fromStdString(core::seqSymbol(m_model->labeler().letter(space), v, base)), absolute);
            if (m_notation == core::Notation::Relative) return tr("%1 (%2)").arg(v - base).arg(absolute);
            return absolute;
        };
        // A window in bytes, and in segments of the connection's MSS.
        const std::uint32_t mss = tcb.smss;
        auto window = [&](std::uint32_t bytes) {
            if (bytes == core::CongestionController::kUnlimited) return tr("unlimited");
            if (mss == 0) return QString::number(bytes);
            return tr("%1 (%2 MSS)").arg(bytes).arg(QLocale().toString(static_cast<double>(bytes) / mss, 'f', 1));
        };
        const QString none = QStringLiteral("—");
        auto set = [&](int row, const QString& text) { m_tcbs->item(row, col)->setText(text); };
        QTableWidgetItem* state = m_tcbs->item(0, col);
        state->setText(Text::stateName(tcb.state, m_textbook_names));
        state->setBackground(style::stateFill(tcb.state));
        QFont bold = state->font();
        bold.setBold(true);
        state->setFont(bold);
        set(1, open ? number(tcb.snd_una, iss, s) : none);
        set(2, open ? number(tcb.snd_nxt, iss, s) : none);
        set(3, open ? QString::number(tcb.snd_wnd) : none);
        set(4, open ? number(tcb.iss, iss, s) : none);
        set(5, received ? number(tcb.rcv_nxt, irs, core::peerOf(s)) : none);
        set(6, open ? QString::number(tcb.rcv_wnd) : none);
        set(7, received ? number(tcb.irs, irs, core::peerOf(s)) : none);
        // Congestion control (RFC 5681): the sender's window, threshold and phase, and the
        // duplicate ACKs it has counted towards a fast retransmit.
        set(8, open ? window(tcb.cwnd) : none);
        set(9, open ? window(tcb.ssthresh) : none);
        set(10, open ? Text::phaseText(tcb.phase) : none);
        set(11, open ? QString::number(tcb.dup_acks) : none);
        set(12, open ? Text::durationText(tcb.rto_us) : none);
    }
}

}  // namespace tcpviz::ui
