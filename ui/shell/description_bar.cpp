#include "ui/shell/description_bar.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QTextLayout>

namespace tcpviz::ui {

DescriptionBar::DescriptionBar(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
}

void DescriptionBar::setFullText(const QString& text) {
    m_text = text;
    m_laid_out_width = -1;
    relayout();
}

void DescriptionBar::setMaxLines(int lines) {
    if (lines == m_max_lines) return;
    m_max_lines = lines;
    m_laid_out_width = -1;
    relayout();
}

void DescriptionBar::resizeEvent(QResizeEvent* e) {
    QLabel::resizeEvent(e);
    relayout();
}

void DescriptionBar::changeEvent(QEvent* e) {
    QLabel::changeEvent(e);
    if (e->type() == QEvent::FontChange) {
        m_laid_out_width = -1;
        relayout();
    }
}

void DescriptionBar::relayout() {
    const int width = contentsRect().width();
    if (width == m_laid_out_width) return;
    m_laid_out_width = width;
    QString shown = m_text;
    if (m_max_lines > 0 && width > 0) {
        // Break the text as the label would, keep the first lines, and end the last one with "…".
        QTextLayout layout(m_text, font());
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        int kept_end = -1, last_start = 0;
        for (int n = 0;; ++n) {
            QTextLine line = layout.createLine();
            if (!line.isValid()) break;
            line.setLineWidth(width);
            if (n == m_max_lines) {
                kept_end = last_start;
                break;
            }
            last_start = line.textStart();
        }
        layout.endLayout();
        if (kept_end >= 0) {
            const QFontMetricsF metrics(font());
            const QString last = m_text.mid(last_start).simplified();
            shown = m_text.left(last_start) + metrics.elidedText(last, Qt::ElideRight, width - 2);
        }
    }
    setText(shown);
    setToolTip(shown == m_text ? QString() : m_text);
}

}  // namespace tcpviz::ui
