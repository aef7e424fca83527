#pragma once
// The host chart of a scenario of hosts (issue 16): one host's sockets per state over time,
// stacked, the classic TIME-WAIT pile-up picture, with the ephemeral port range and the
// descriptor limit as lines and the calls the kernel refused as marks along the bottom. A line
// marks the time of the session's cursor (the connection shown); a click picks the connection
// whose socket changed state nearest the time clicked (connectionClicked()).
//
// The series come from core::socketSeries, built once per lesson on the worker that simulated
// it; the chart draws at most kMaxPoints points per band, whatever the number of sockets, so a
// redraw costs the same for 100 sockets as for 100,000.
#include <QPicture>
#include <QRectF>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/net/host.h"
#include "core/time.h"

class QComboBox;
class QCustomPlot;
class QCPItemLine;
class QCPItemText;
class QLabel;

namespace tcpviz::ui {

class SessionModel;

class HostChart : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 1500;

    explicit HostChart(SessionModel* model, QWidget* parent = nullptr);
    ~HostChart() override;

    [[nodiscard]] core::HostId host() const { return m_host; }
    void setHost(core::HostId host);
    [[nodiscard]] QCustomPlot* plot() const { return m_plot; }
    // "Sockets of the client (192.0.2.1) per state".
    [[nodiscard]] QString caption() const;

    // Builds the bands again (a new lesson, another host) and moves the cursor line.
    void refresh();
    void applyTheme();
    void retranslate();

    // --- what is drawn (for tests and the benchmark) ---
    [[nodiscard]] double cursorTime() const { return m_cursor_time; }   // s
    [[nodiscard]] QStringList bandNames() const;                          // bottom first
    [[nodiscard]] int drawnPoints() const;
    // The stacked top of the bands at `t` (s), which is how many sockets the host holds then.
    [[nodiscard]] double totalAt(double t) const;
    [[nodiscard]] QStringList limitNames() const;   // the lines drawn
    [[nodiscard]] QStringList markNames() const;    // a server program's stop and restart
    // Where the words of the marks and limits were put at the last replot, in the plot's pixels.
    [[nodiscard]] const std::vector<QRectF>& labelBoxes() const { return m_label_boxes; }

    // --- exports ---
    void setPrintLook(bool legend);
    [[nodiscard]] QPicture picture(QSize size);

Q_SIGNALS:
    void connectionClicked(std::uint32_t connection);

protected:
    void showEvent(QShowEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

private:
    void rebuild();
    // The cursor line and the empty plot's words (QCustomPlot::clearItems takes them).
    void makeItems();
    void moveCursorLine();
    void applyFonts();
    void onClick(double seconds);
    void fitLegend(int width);

    SessionModel* m_model;
    QCustomPlot* m_plot = nullptr;
    QLabel* m_caption = nullptr;
    QLabel* m_host_label = nullptr;
    QComboBox* m_host_box = nullptr;
    QCPItemLine* m_cursor_line = nullptr;
    QCPItemText* m_empty = nullptr;
    core::HostId m_host = 0;
    bool m_chosen = false;        // the user picked the host (else: the busier one)
    const void* m_built_for = nullptr;   // the HostSession the bands were built from
    core::HostId m_built_host = 0;
    QStringList m_bands, m_limits, m_marks;
    // The words of the limits' lines and of a server's stop and restart, put in pixels by
    // placeLabels() each time the plot is laid out.
    struct Placed {
        QCPItemText* label = nullptr;
        double value = 0;    // a limit's count, a mark's time (s)
        bool stop = false;
    };
    std::vector<Placed> m_limit_labels, m_mark_labels;
    std::vector<QRectF> m_label_boxes;
    void placeLabels();
    std::vector<double> m_keys, m_top;   // the stacked total, for totalAt()
    double m_cursor_time = 0;
    bool m_print = false;
    QPoint m_press;
};

}  // namespace tcpviz::ui
