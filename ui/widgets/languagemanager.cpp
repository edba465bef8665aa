#include "languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace dinosam::ui {

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{
}

LanguageManager::~LanguageManager()
{
    if (m_installed && QCoreApplication::instance()) {
        QCoreApplication::removeTranslator(&m_app);
        QCoreApplication::removeTranslator(&m_qt);
    }
}

QList<QPair<QString, QString>> LanguageManager::languages()
{
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("fr"), QStringLiteral("Français")},
            {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

QString LanguageManager::systemLanguage()
{
    for (QString ui : QLocale::system().uiLanguages()) {
        ui.replace(QLatin1Char('-'), QLatin1Char('_'));
        if (ui.startsWith(QLatin1String("zh"))) {
            if (ui.contains(QLatin1String("Hant")) || ui.endsWith(QLatin1String("TW"))
                || ui.endsWith(QLatin1String("HK")))
                continue;
            return QStringLiteral("zh_CN");
        }
        const QString lang = ui.section(QLatin1Char('_'), 0, 0);
        for (const auto &l : languages())
            if (l.first == lang)
                return lang;
    }
    return QStringLiteral("en");
}

bool LanguageManager::apply(const QString &requested)
{
    const QString code = requested.isEmpty() ? systemLanguage() : requested;
    if (m_installed) {
        QCoreApplication::removeTranslator(&m_app);
        QCoreApplication::removeTranslator(&m_qt);
        m_installed = false;
    }
    m_current = code;
    if (code == QLatin1String("en")) {
        // English is the source language: removing the translators is the switch.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        return true;
    }
    const bool appOk = m_app.load(QStringLiteral(":/i18n/dinosam_") + code + QStringLiteral(".qm"));
    const bool qtOk = m_qt.load(QStringLiteral("qtbase_") + code,
                                QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (qtOk)
        QCoreApplication::installTranslator(&m_qt);
    if (appOk)
        QCoreApplication::installTranslator(&m_app);
    m_installed = true;
    // QApplication posts LanguageChange to every window: deliver it now, so the
    // switch is complete when apply() returns.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
    return appOk;
}

} // namespace dinosam::ui
