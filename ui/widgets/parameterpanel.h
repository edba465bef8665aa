#pragma once
#include "types/segmentation.h"
#include "signalcompressor.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;

namespace dinosam::ui {

class SliderField;

/**
 * The tuning controls: attention threshold, number of objects, minimum area, prompt
 * type, discovery method and model choice. paramsChanged() is throttled (first change
 * at once, then at most one per interval; a released slider emits at once).
 * Thread: GUI.
 */
class ParameterPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget *parent = nullptr);

    SegmentationParams params() const;
    /// Sets every control without emitting paramsChanged.
    void setParams(const SegmentationParams &params);
    void setThreshold(double value); ///< emits (throttled), e.g. from the histogram
    /// Model ids offered in the two model boxes (the current choice is kept if offered).
    void setModelChoices(const QStringList &dino, const QStringList &sam2);

    SliderField *thresholdField() const { return m_threshold; }
    SliderField *objectsField() const { return m_objects; }
    SliderField *minAreaField() const { return m_minArea; }
    QComboBox *promptCombo() const { return m_prompt; }
    QComboBox *methodCombo() const { return m_method; }
    QComboBox *dinoCombo() const { return m_dino; }
    QComboBox *sam2Combo() const { return m_sam2; }
    SignalCompressor *compressor() { return &m_compressor; }

Q_SIGNALS:
    void paramsChanged(const dinosam::SegmentationParams &params);

protected:
    void changeEvent(QEvent *event) override;

private:
    void changed();
    void retranslate();

    SliderField *m_threshold;
    SliderField *m_objects;
    SliderField *m_minArea;
    QComboBox *m_prompt;
    QComboBox *m_method;
    QComboBox *m_dino;
    QComboBox *m_sam2;
    QCheckBox *m_cleanup;
    QFormLayout *m_form;
    QLabel *m_promptLabel;
    QLabel *m_methodLabel;
    QLabel *m_dinoLabel;
    QLabel *m_sam2Label;
    SignalCompressor m_compressor{40};
    int m_dinoInputSize = 448;
    float m_duplicateIou = 0.8f;
    bool m_blocked = false;
};

} // namespace dinosam::ui
