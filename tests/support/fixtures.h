#pragma once
// Paths to the team's shared fixtures. Tests that need them fail (never skip)
// when they are missing: parity is the proof that the models are right.
#include <QString>
#include <QFileInfo>
#include <QtTest>

namespace dinosam::test {

inline QString fixturesDir() { return QStringLiteral(DINOSAM_FIXTURES_DIR); }
inline QString fixturePath(const QString &relative) { return fixturesDir() + QLatin1Char('/') + relative; }
inline std::string fixtureFile(const char *relative)
{
    return fixturePath(QString::fromUtf8(relative)).toStdString();
}

} // namespace dinosam::test

/// Fails the current test when a fixture file is missing, naming it.
#define DINOSAM_REQUIRE_FIXTURE(relative)                                                          \
    do {                                                                                           \
        if (!QFileInfo::exists(dinosam::test::fixturePath(QStringLiteral(relative))))              \
            QFAIL(qPrintable(QStringLiteral("missing fixture: ") +                                 \
                             dinosam::test::fixturePath(QStringLiteral(relative))));               \
    } while (false)
