#pragma once
#include <QObject>
#include <QTranslator>

namespace dinosam::ui {

/**
 * Loads the application's translations (compiled into the resources under
 * :/i18n/dinosam_<lang>.qm) and Qt's own (qtbase_<lang>.qm from Qt's translations
 * folder), and switches them at run time; widgets retranslate on LanguageChange.
 * Thread: GUI. Create it after the QApplication.
 */
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    /// Language codes offered ("en", "de", "fr", "zh_CN") with their native names.
    static QList<QPair<QString, QString>> languages();
    /// The offered language closest to the system's UI languages ("en" if none).
    static QString systemLanguage();

    /// Installs @p code ("" = system language). Returns false if its catalogue is missing.
    bool apply(const QString &code);
    QString current() const { return m_current; }

private:
    QTranslator m_app;
    QTranslator m_qt;
    bool m_installed = false;
    QString m_current;
};

} // namespace dinosam::ui
