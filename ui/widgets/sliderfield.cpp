#include "sliderfield.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSlider>

#include <cmath>

namespace dinosam::ui {

SliderField::SliderField(double minimum, double maximum, double step, int decimals, QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spin(new QDoubleSpinBox(this))
    , m_min(minimum)
    , m_max(maximum)
    , m_step(step)
{
    m_slider->setRange(0, toSlider(maximum));
    m_slider->setPageStep(std::max(1, m_slider->maximum() / 10));
    m_spin->setRange(minimum, maximum);
    m_spin->setSingleStep(step);
    m_spin->setDecimals(decimals);
    m_spin->setKeyboardTracking(false);
    m_spin->setMinimumWidth(80);
    m_label->setBuddy(m_slider);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 0, 0, 1, 2);
    layout->addWidget(m_slider, 1, 0);
    layout->addWidget(m_spin, 1, 1);
    layout->setColumnStretch(0, 1);

    connect(m_slider, &QSlider::valueChanged, this, [this](int s) {
        if (m_updating)
            return;
        m_updating = true;
        m_spin->setValue(fromSlider(s));
        m_updating = false;
        Q_EMIT valueChanged(value());
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_updating)
            return;
        m_updating = true;
        m_slider->setValue(toSlider(v));
        m_updating = false;
        Q_EMIT valueChanged(value());
        Q_EMIT editingFinished();
    });
    connect(m_slider, &QSlider::sliderReleased, this, &SliderField::editingFinished);
}

int SliderField::toSlider(double v) const
{
    return static_cast<int>(std::lround((v - m_min) / m_step));
}

double SliderField::fromSlider(int s) const
{
    return m_min + s * m_step;
}

double SliderField::value() const
{
    return m_spin->value();
}

void SliderField::setValue(double v)
{
    m_spin->setValue(v); // the spin box's handler syncs the slider and emits
}

void SliderField::setLabel(const QString &text)
{
    m_label->setText(text);
}

void SliderField::setToolTipText(const QString &text)
{
    m_slider->setToolTip(text);
    m_spin->setToolTip(text);
    m_label->setToolTip(text);
}

} // namespace dinosam::ui
