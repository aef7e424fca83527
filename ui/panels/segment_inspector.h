#pragma once
// The segment inspector: the selected segment's TCP header drawn like RFC 9293's header
// picture (32-bit rows, set flags lit), and both endpoints' TCB variables at the cursor (the
// trace's samples up to the cursor's event: nothing of later steps).
#include <QTimer>
#include <QWidget>
#include <array>

#include "core/trace/notation.h"
#include "ui/views/future_steps.h"

class QLabel;
class QTableWidget;

namespace tcpviz::ui {

class SessionModel;

enum class HeaderField {
    SourcePort, DestinationPort, Sequence, Acknowledgment, DataOffset, Reserved, Flags, Window,
    Checksum, UrgentPointer, Options, Data,
    Length   // a UDP datagram's (RFC 768)
};

// The header picture: TCP's (RFC 9293 §3.1), or UDP's (RFC 768) for a QUIC datagram. Empty
// (field names only) when no segment is shown.
class HeaderDiagram : public QWidget {
    Q_OBJECT
public:
    struct Cell {
        QString value;    // "300"
        QString detail;   // "seq=y", "20 bytes", "valid"
    };
    explicit HeaderDiagram(QWidget* parent = nullptr);

    void clear();
    // UDP's header instead of TCP's (until clear()).
    void setUdp(bool udp);
    [[nodiscard]] bool udp() const { return m_udp; }
    void setCell(HeaderField f, Cell c);
    void setFlags(std::uint8_t flags) {
        m_flags = flags;
        update();
    }
    [[nodiscard]] const Cell& cell(HeaderField f) const { return m_cells[static_cast<std::size_t>(f)]; }
    [[nodiscard]] std::uint8_t flags() const { return m_flags; }
    [[nodiscard]] bool isEmpty() const { return m_empty; }

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;
    // The size of the picture against the application's font (1, or View → Text size).
    [[nodiscard]] double scale() const;

protected:
    void paintEvent(QPaintEvent* e) override;

private:
    std::array<Cell, 13> m_cells;
    std::uint8_t m_flags = 0;
    bool m_empty = true;
    bool m_udp = false;
};

class SegmentInspector : public QWidget {
    Q_OBJECT
public:
    explicit SegmentInspector(SessionModel* model, QWidget* parent = nullptr);

    void setNotation(core::Notation n);
    void setTextbookStateNames(bool on);
    // Hidden (the default, as the diagram): a segment not sent yet at the cursor is not shown,
    // and one still in flight does not say when it arrives or is lost. Faded: it does.
    void setFutureSteps(FutureSteps f);
    [[nodiscard]] FutureSteps futureSteps() const { return m_future; }

    // The segment shown (0: none).
    [[nodiscard]] std::uint64_t segment() const { return m_segment; }
    [[nodiscard]] QString text(HeaderField f) const { return m_header->cell(f).value; }
    [[nodiscard]] bool showsUdp() const { return m_header->udp(); }
    [[nodiscard]] QString detail(HeaderField f) const { return m_header->cell(f).detail; }
    [[nodiscard]] std::uint8_t flags() const { return m_header->flags(); }
    [[nodiscard]] QString summary() const;
    // The protocol messages the segment carries, with their fields (issue 18): the ClientHello's
    // versions and suites, a certificate chain and the client's checks of it. Plain text of what
    // is shown; empty for a segment of plain TCP.
    [[nodiscard]] QString messagesText() const;
    // One field in words, as the inspector shows it: "cipher suite: TLS_AES_256_GCM_SHA384",
    // "✗ www.example.net is not www.example.com: alert 42 (bad certificate)".
    [[nodiscard]] static QString fieldText(const core::MessageField& f);
    // The TCB table's text: row (0 state, 1 SND.UNA, ... 7 IRS, 8 cwnd, 9 ssthresh, 10 phase,
    // 11 dup ACKs, 12 RTO), side.
    static constexpr int kTcbRows = 13;
    [[nodiscard]] QString tcbText(int row, core::Side side) const;
    // The State row's fill for `side`: its state's colour in the current theme.
    [[nodiscard]] QColor tcbStateFill(core::Side side) const;
    // Refreshes the TCB table now instead of at the next turn of the event loop.
    void refreshTcbs();
    // Re-reads every word it shows in the current language.
    void retranslate();

protected:
    void changeEvent(QEvent* e) override;
    void showEvent(QShowEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void sizeTableToFont();
    // In a scrolling dock narrower than the header: the summary and the messages wrap at the
    // width one sees, not at the header's.
    void fitTextToView();
    QWidget* m_view = nullptr;
    void showSegment(std::uint64_t id);
    void scheduleTcbs();
    // Whether segment `id` has been sent among the events shown.
    [[nodiscard]] bool sentByCursor(std::uint64_t id) const;

    SessionModel* m_model;
    std::uint64_t m_segment = 0;
    core::Notation m_notation = core::Notation::Textbook;
    bool m_textbook_names = false;
    FutureSteps m_future = FutureSteps::Hidden;
    QLabel* m_summary;
    QLabel* m_messages;   // the protocol messages, under the header
    HeaderDiagram* m_header;
    QLabel* m_tcb_title;
    QTableWidget* m_tcbs;
    QTimer m_tcb_timer;
};

}  // namespace tcpviz::ui
