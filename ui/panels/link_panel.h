#pragma once
// The link panel: what the network does to segments in each direction (one-way delay,
// jitter, loss, duplication, bandwidth) and the seed of the one random-number generator.
// It holds no session: the main window fills it (setLink) and turns each user edit
// (linkEdited) into an undoable scenario change and a re-simulation.
#include <QMetaType>
#include <QWidget>
#include <array>
#include <cstdint>

#include "core/scenario/scenario.h"

class QCheckBox;
class QDoubleSpinBox;
class QEvent;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tcpviz::ui {

// Both directions of the link, as in core::Scenario::link: [A->B, B->A].
using LinkPair = std::array<core::LinkDirection, 2>;

class LinkPanel : public QWidget {
    Q_OBJECT
public:
    // The quantities shown for each direction, in row order.
    enum Quantity { Delay, Jitter, Loss, Duplicate, Bandwidth, QuantityCount };
    // `field` of linkEdited: which control the user changed, so that consecutive edits of one
    // control can merge into one undo entry. direction: 0 for A->B, 1 for B->A.
    static constexpr int field(int direction, Quantity q) { return direction * QuantityCount + q; }
    static constexpr int SeedField = 2 * QuantityCount;

    explicit LinkPanel(QWidget* parent = nullptr);

    // Shows `link` and `seed`; emits nothing. "Same both ways" is switched on when the two
    // directions show the same values — unless `link` is what the panel already holds (the
    // echo of its own edit), which keeps the user's choice.
    void setLink(const LinkPair& link, std::uint64_t seed);
    [[nodiscard]] const LinkPair& link() const { return m_link; }
    [[nodiscard]] std::uint64_t seed() const { return m_seed; }

    // The names in the column headings ("Client → Server"); "A" and "B" until set.
    void setEndpointNames(const QString& a, const QString& b);

    // When on, an edit of one direction's control is copied to the same control of the
    // other direction (the one edit emits once). Switching it emits nothing.
    [[nodiscard]] bool sameBothWays() const;
    void setSameBothWays(bool on);

    // Labels, suffixes and tooltips again, in the current language.
    void retranslate();

    [[nodiscard]] QDoubleSpinBox* spinBox(int direction, Quantity q) const {
        return m_spins[direction][q];
    }
    [[nodiscard]] QLineEdit* seedEdit() const { return m_seed_edit; }
    [[nodiscard]] QPushButton* newSeedButton() const { return m_new_seed; }
    [[nodiscard]] QCheckBox* sameBothWaysBox() const { return m_same; }
    [[nodiscard]] QLabel* burstNote() const { return m_burst_note; }

Q_SIGNALS:
    // One committed user change: the whole link (fields the panel does not show, such as
    // queue_packets and burst, unchanged), the seed, and the control that changed.
    void linkEdited(const tcpviz::ui::LinkPair& link, std::uint64_t seed, int field);

protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    void onValueChanged(int direction, Quantity q, double value);
    void commitSeedText();
    void newSeed();
    void showLink();
    void updateHeadings();
    [[nodiscard]] static QString quantityTip(Quantity q);

    LinkPair m_link{};
    std::uint64_t m_seed = 1;
    QString m_names[2] = {QStringLiteral("A"), QStringLiteral("B")};

    QLabel* m_headings[2];
    QLabel* m_row_labels[QuantityCount];
    QDoubleSpinBox* m_spins[2][QuantityCount];
    QCheckBox* m_same;
    QLabel* m_seed_label;
    QLineEdit* m_seed_edit;
    QPushButton* m_new_seed;
    QLabel* m_burst_note;
    bool m_filling = false;  // setLink is writing the controls: their signals are not edits
};

}  // namespace tcpviz::ui

Q_DECLARE_METATYPE(tcpviz::ui::LinkPair)
