#pragma once
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace dinosam::ui {

/// A labelled slider with a numeric field, both editing one value in [min, max]
/// with a fixed step. Thread: GUI.
class SliderField : public QWidget
{
    Q_OBJECT
public:
    SliderField(double minimum, double maximum, double step, int decimals,
                QWidget *parent = nullptr);

    double value() const;
    void setValue(double value); ///< emits valueChanged when it changes
    void setLabel(const QString &text);
    void setToolTipText(const QString &text);
    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }
    double minimum() const { return m_min; }
    double maximum() const { return m_max; }

Q_SIGNALS:
    void valueChanged(double value);
    /// The user let go of the slider, or finished typing a number.
    void editingFinished();

private:
    int toSlider(double v) const;
    double fromSlider(int s) const;

    QLabel *m_label;
    QSlider *m_slider;
    QDoubleSpinBox *m_spin;
    double m_min;
    double m_max;
    double m_step;
    bool m_updating = false;
};

} // namespace dinosam::ui
