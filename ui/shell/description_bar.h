#pragma once
// The lesson's description above the diagram. On a small screen it keeps to a few lines (the
// rest elided, the whole text in its tooltip), so that the diagram keeps the height.
#include <QLabel>

namespace tcpviz::ui {

class DescriptionBar : public QLabel {
    Q_OBJECT
public:
    explicit DescriptionBar(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    [[nodiscard]] QString fullText() const { return m_text; }
    // At most `lines` lines (0: all of it).
    void setMaxLines(int lines);
    [[nodiscard]] int maxLines() const { return m_max_lines; }
    // The text is shortened: the tooltip has all of it.
    [[nodiscard]] bool isElided() const { return text() != m_text; }

protected:
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void relayout();
    QString m_text;
    int m_max_lines = 0;
    int m_laid_out_width = -1;
};

}  // namespace tcpviz::ui
