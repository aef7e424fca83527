#include "ui/panels/link_panel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QValidator>
#include <cmath>

namespace tcpviz::ui {

namespace {

// Accepts the decimal digits of any std::uint64_t — the seed's full range, which a QSpinBox
// (int) cannot hold. Empty is Intermediate: the user is typing a new one.
class SeedValidator : public QValidator {
public:
    using QValidator::QValidator;
    State validate(QString& input, int& /*pos*/) const override {
        if (input.isEmpty()) return Intermediate;
        for (QChar c : input)
            if (c < QLatin1Char('0') || c > QLatin1Char('9')) return Invalid;
        bool ok = false;
        input.toULongLong(&ok);
        return ok ? Acceptable : Invalid;
    }
};

// Upper limits of the controls. The scenario format allows more; these are what a lesson
// needs, and a value beyond them is passed through untouched until the user edits it.
constexpr double kMaxDelayMs = 3'600'000;         // an hour
constexpr double kMaxBandwidthKbps = 10'000'000;  // 10 Gbit/s

double shown(const core::LinkDirection& d, LinkPanel::Quantity q) {
    switch (q) {
        case LinkPanel::Delay:
            return d.delay_ms;
        case LinkPanel::Jitter:
            return d.jitter_ms;
        case LinkPanel::Loss:
            return d.loss * 100;
        case LinkPanel::Duplicate:
            return d.duplicate * 100;
        case LinkPanel::Bandwidth:
            return static_cast<double>(d.bandwidth_bps) / 1000;
        case LinkPanel::QuantityCount:
            break;
    }
    return 0;
}

void store(core::LinkDirection& d, LinkPanel::Quantity q, double value) {
    switch (q) {
        case LinkPanel::Delay:
            d.delay_ms = value;
            break;
        case LinkPanel::Jitter:
            d.jitter_ms = value;
            break;
        case LinkPanel::Loss:
            d.loss = value / 100;
            break;
        case LinkPanel::Duplicate:
            d.duplicate = value / 100;
            break;
        case LinkPanel::Bandwidth:
            d.bandwidth_bps = static_cast<std::uint64_t>(std::llround(value * 1000));
            break;
        case LinkPanel::QuantityCount:
            break;
    }
}

void copyQuantity(const core::LinkDirection& from, core::LinkDirection& to, LinkPanel::Quantity q) {
    switch (q) {
        case LinkPanel::Delay:
            to.delay_ms = from.delay_ms;
            break;
        case LinkPanel::Jitter:
            to.jitter_ms = from.jitter_ms;
            break;
        case LinkPanel::Loss:
            to.loss = from.loss;
            break;
        case LinkPanel::Duplicate:
            to.duplicate = from.duplicate;
            break;
        case LinkPanel::Bandwidth:
            to.bandwidth_bps = from.bandwidth_bps;
            break;
        case LinkPanel::QuantityCount:
            break;
    }
}

// Equal in everything the panel shows (burst and queue length are the file's business).
bool sameShown(const LinkPair& link) {
    const core::LinkDirection &a = link[0], &b = link[1];
    return a.delay_ms == b.delay_ms && a.jitter_ms == b.jitter_ms && a.loss == b.loss &&
           a.duplicate == b.duplicate && a.bandwidth_bps == b.bandwidth_bps;
}

}  // namespace

LinkPanel::LinkPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("linkPanel"));
    static const char* const kNames[QuantityCount] = {"Delay", "Jitter", "Loss", "Duplicate",
                                                      "Bandwidth"};
    static const char* const kDirections[2] = {"AB", "BA"};

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    for (int d = 0; d < 2; ++d) {
        m_headings[d] = new QLabel(this);
        m_headings[d]->setObjectName(
            QStringLiteral("linkHeading%1").arg(QLatin1String(kDirections[d])));
        m_headings[d]->setAlignment(Qt::AlignCenter);
        QFont f = m_headings[d]->font();
        f.setBold(true);
        m_headings[d]->setFont(f);
        grid->addWidget(m_headings[d], 0, 1 + d);
    }
    for (int q = 0; q < QuantityCount; ++q) {
        const auto quantity = static_cast<Quantity>(q);
        m_row_labels[q] = new QLabel(this);
        m_row_labels[q]->setObjectName(QStringLiteral("link%1Label").arg(QLatin1String(kNames[q])));
        grid->addWidget(m_row_labels[q], 1 + q, 0);
        for (int d = 0; d < 2; ++d) {
            auto* spin = new QDoubleSpinBox(this);
            spin->setObjectName(QStringLiteral("link%1%2")
                                    .arg(QLatin1String(kNames[q]), QLatin1String(kDirections[d])));
            // One signal per committed value: Enter, focus out, or each arrow/wheel step —
            // not one per keystroke, which would re-simulate for "1", "10", "100".
            spin->setKeyboardTracking(false);
            spin->setAccelerated(true);
            switch (quantity) {
                case Delay:
                case Jitter:
                    spin->setRange(0, kMaxDelayMs);
                    spin->setDecimals(1);
                    spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
                    break;
                case Loss:
                case Duplicate:
                    spin->setRange(0, 100);
                    spin->setDecimals(1);
                    spin->setSingleStep(1);
                    break;
                case Bandwidth:
                    spin->setRange(0, kMaxBandwidthKbps);
                    spin->setDecimals(0);
                    spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
                    break;
                case QuantityCount:
                    break;
            }
            connect(spin, &QDoubleSpinBox::valueChanged, this,
                    [this, d, quantity](double v) { onValueChanged(d, quantity, v); });
            m_spins[d][q] = spin;
            grid->addWidget(spin, 1 + q, 1 + d);
        }
        m_row_labels[q]->setBuddy(m_spins[0][q]);
    }

    m_same = new QCheckBox(this);
    m_same->setObjectName(QStringLiteral("linkSameBothWays"));
    m_same->setChecked(true);  // the default link is the same both ways
    grid->addWidget(m_same, 1 + QuantityCount, 1, 1, 2);

    m_seed_label = new QLabel(this);
    m_seed_label->setObjectName(QStringLiteral("linkSeedLabel"));
    m_seed_edit = new QLineEdit(this);
    m_seed_edit->setObjectName(QStringLiteral("linkSeed"));
    m_seed_edit->setValidator(new SeedValidator(m_seed_edit));
    m_seed_edit->installEventFilter(this);
    m_seed_label->setBuddy(m_seed_edit);
    m_new_seed = new QPushButton(this);
    m_new_seed->setObjectName(QStringLiteral("linkNewSeed"));
    grid->addWidget(m_seed_label, 2 + QuantityCount, 0);
    grid->addWidget(m_seed_edit, 2 + QuantityCount, 1);
    grid->addWidget(m_new_seed, 2 + QuantityCount, 2);

    m_burst_note = new QLabel(this);
    m_burst_note->setObjectName(QStringLiteral("linkBurstNote"));
    m_burst_note->setWordWrap(true);
    m_burst_note->setVisible(false);
    grid->addWidget(m_burst_note, 3 + QuantityCount, 0, 1, 3);
    grid->setRowStretch(4 + QuantityCount, 1);

    // Keyboard order: down the A->B column, then B->A, then the rest.
    QWidget* previous = nullptr;
    for (int d = 0; d < 2; ++d)
        for (int q = 0; q < QuantityCount; ++q) {
            if (previous) setTabOrder(previous, m_spins[d][q]);
            previous = m_spins[d][q];
        }
    setTabOrder(previous, m_same);
    setTabOrder(m_same, m_seed_edit);
    setTabOrder(m_seed_edit, m_new_seed);

    connect(m_seed_edit, &QLineEdit::editingFinished, this, &LinkPanel::commitSeedText);
    connect(m_new_seed, &QPushButton::clicked, this, &LinkPanel::newSeed);

    retranslate();
    showLink();
}

void LinkPanel::retranslate() {
    updateHeadings();
    m_row_labels[Delay]->setText(tr("One-way &delay"));
    m_row_labels[Jitter]->setText(tr("&Jitter"));
    m_row_labels[Loss]->setText(tr("&Loss"));
    m_row_labels[Duplicate]->setText(tr("D&uplication"));
    m_row_labels[Bandwidth]->setText(tr("&Bandwidth"));

    for (int q = 0; q < QuantityCount; ++q) {
        const QString tip = quantityTip(static_cast<Quantity>(q));
        m_row_labels[q]->setToolTip(tip);
        for (int d = 0; d < 2; ++d) {
            QDoubleSpinBox* spin = m_spins[d][q];
            spin->setToolTip(tip);
            // Read as "One-way delay, Client → Server" by screen readers.
            spin->setAccessibleName(tr("%1, %2").arg(
                m_row_labels[q]->text().remove(QLatin1Char('&')), m_headings[d]->text()));
            switch (static_cast<Quantity>(q)) {
                case Delay:
                case Jitter:
                    spin->setSuffix(tr(" ms"));
                    break;
                case Loss:
                case Duplicate:
                    spin->setSuffix(tr(" %"));
                    break;
                case Bandwidth:
                    spin->setSuffix(tr(" kbit/s"));
                    spin->setSpecialValueText(tr("unlimited"));
                    break;
                case QuantityCount:
                    break;
            }
        }
    }
    m_same->setText(tr("&Same both ways"));
    m_same->setToolTip(tr("Copy each change of one direction to the other direction."));
    m_seed_label->setText(tr("S&eed"));
    const QString seed_tip =
        tr("The seed of the random numbers behind jitter, loss and duplication: the same seed "
           "replays exactly the same run, another seed gives another one.");
    m_seed_label->setToolTip(seed_tip);
    m_seed_edit->setToolTip(seed_tip);
    m_seed_edit->setAccessibleName(tr("Seed"));
    m_new_seed->setText(tr("&New seed"));
    m_new_seed->setToolTip(
        tr("Pick another seed at random: the same link, another roll of the dice."));
    showLink();  // the burst note and the disabled loss fields' tooltips
}

QString LinkPanel::quantityTip(Quantity q) {
    switch (q) {
        case Delay:
            return tr(
                "How long a segment takes to cross the network in this direction. "
                "The round-trip time is the sum of both directions' delays.");
        case Jitter:
            return tr(
                "An extra delay chosen at random between 0 and this value for each segment; "
                "segments can then arrive out of order.");
        case Loss:
            return tr(
                "The chance that the network loses a segment in this direction, independently "
                "for each segment. TCP recovers lost data by retransmitting it (RFC 9293 §3.8.1).");
        case Duplicate:
            return tr(
                "The chance that the network delivers a segment twice. The receiver recognises "
                "the copy by its sequence number and discards it (RFC 9293 §3.10.7.4).");
        case Bandwidth:
            return tr(
                "The link's rate: segments queue up behind each other and a full queue drops "
                "them. 0: unlimited.");
        case QuantityCount:
            break;
    }
    return {};
}

void LinkPanel::updateHeadings() {
    for (int d = 0; d < 2; ++d)
        m_headings[d]->setText(tr("%1 → %2").arg(m_names[d], m_names[1 - d]));
}

void LinkPanel::setEndpointNames(const QString& a, const QString& b) {
    m_names[0] = a;
    m_names[1] = b;
    retranslate();  // headings, and the spin boxes' accessible names that include them
}

bool LinkPanel::sameBothWays() const {
    return m_same->isChecked();
}

void LinkPanel::setSameBothWays(bool on) {
    m_same->setChecked(on);
}

void LinkPanel::setLink(const LinkPair& link, std::uint64_t seed) {
    if (link != m_link) m_same->setChecked(sameShown(link));
    m_link = link;
    m_seed = seed;
    showLink();
}

void LinkPanel::showLink() {
    m_filling = true;
    for (int d = 0; d < 2; ++d)
        for (int q = 0; q < QuantityCount; ++q)
            m_spins[d][q]->setValue(shown(m_link[d], static_cast<Quantity>(q)));
    m_seed_edit->setText(QString::number(m_seed));
    m_filling = false;

    // Gilbert–Elliott loss replaces the Bernoulli loss when the file sets it (see the
    // simulator's link model), so the loss field has no effect there.
    const bool burst[2] = {m_link[0].burst.has_value(), m_link[1].burst.has_value()};
    for (int d = 0; d < 2; ++d) {
        m_spins[d][Loss]->setEnabled(!burst[d]);
        m_spins[d][Loss]->setToolTip(
            burst[d] ? tr("This direction uses the bursty loss set in the scenario file.")
                     : quantityTip(Loss));
    }
    if (burst[0] && burst[1]) {
        m_burst_note->setText(
            tr("Both directions use bursty (Gilbert–Elliott) loss from the scenario "
               "file; edit the file to change it."));
    } else if (burst[0] || burst[1]) {
        m_burst_note->setText(
            tr("%1 uses bursty (Gilbert–Elliott) loss from the scenario file; edit "
               "the file to change it.")
                .arg(m_headings[burst[0] ? 0 : 1]->text()));
    }
    m_burst_note->setVisible(burst[0] || burst[1]);
}

void LinkPanel::onValueChanged(int direction, Quantity q, double value) {
    if (m_filling) return;
    store(m_link[direction], q, value);
    if (m_same->isChecked()) {
        const int other = 1 - direction;
        copyQuantity(m_link[direction], m_link[other], q);
        m_filling = true;
        m_spins[other][q]->setValue(value);
        m_filling = false;
    }
    Q_EMIT linkEdited(m_link, m_seed, field(direction, q));
}

void LinkPanel::commitSeedText() {
    bool ok = false;
    const std::uint64_t seed = m_seed_edit->text().toULongLong(&ok);
    if (!ok || seed == m_seed) return;
    m_seed = seed;
    Q_EMIT linkEdited(m_link, m_seed, SeedField);
}

void LinkPanel::newSeed() {
    // Small numbers: a teacher can read one out and the class can type it.
    std::uint64_t seed = m_seed;
    while (seed == m_seed) seed = QRandomGenerator::global()->bounded(1u, 1'000'000u);
    m_seed = seed;
    m_seed_edit->setText(QString::number(m_seed));
    Q_EMIT linkEdited(m_link, m_seed, SeedField);
}

bool LinkPanel::eventFilter(QObject* watched, QEvent* e) {
    // Leaving the seed empty (or half-typed) puts the current seed back.
    if (watched == m_seed_edit && e->type() == QEvent::FocusOut &&
        !m_seed_edit->hasAcceptableInput())
        m_seed_edit->setText(QString::number(m_seed));
    return QWidget::eventFilter(watched, e);
}

void LinkPanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

}  // namespace tcpviz::ui
