// Tests for AtomicFile: complete replacement or nothing, clear errors, no temporaries left.
#include "export/atomicfile.h"
#include "../imageio/testimagefiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace dinosam;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

/// Lowers the file-size limit for this process for the scope's lifetime: writes past it fail with
/// EFBIG, like a full disk, without root or a mount.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN); // make write() fail with EFBIG instead of killing us
        getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_saved); }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    bool m_ok = false;
};

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QStringList entries(const QString &dir) const
    {
        return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void writesNewFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("new.txt");
        AtomicFile::write(path.toStdString(), std::string_view("hello\n"));
        QCOMPARE(readAll(path), QByteArray("hello\n"));
        QCOMPARE(entries(dir.path()), QStringList({"new.txt"})); // no temporaries left
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0644);
    }

    void replacesExistingFileKeepingItsMode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        AtomicFile::write(path.toStdString(), std::string_view("old contents that are longer"));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
        AtomicFile::write(path.toStdString(), std::string_view("new"));
        QCOMPARE(readAll(path), QByteArray("new"));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(entries(dir.path()), QStringList({"out.txt"}));
    }

    void failedWriteLeavesOldContentIntact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("keep.bin");
        AtomicFile::write(path.toStdString(), std::string_view("OLD"));
        const std::string big(64 * 1024, 'x');
        QString message;
        {
            FileSizeLimit limit(4096);
            QVERIFY(limit.ok());
            try {
                AtomicFile::write(path.toStdString(), big);
            } catch (const ExportError &e) {
                message = QString::fromUtf8(e.what());
            }
        }
        QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
        QVERIFY2(message.contains("File too large"), qPrintable(message));
        QCOMPARE(readAll(path), QByteArray("OLD"));
        QCOMPARE(entries(dir.path()), QStringList({"keep.bin"}));
    }

    void diskFullIsReported()
    {
        // /dev/full fails every write with ENOSPC: proves the write path reports a full disk.
        const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        const std::vector<unsigned char> bytes(1000, 7);
        QString message;
        try {
            AtomicFile::writeAll(fd, bytes, "/data/out.png");
        } catch (const ExportError &e) {
            message = QString::fromUtf8(e.what());
        }
        ::close(fd);
        QCOMPARE(message, QStringLiteral("/data/out.png: cannot write: No space left on device"));
    }

    void unwritableFolders_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("reason");
        QFile plain(m_dir.filePath("plainfile"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QTest::newRow("folder is a file") << m_dir.filePath("plainfile/out.txt") << "Not a directory";
        QTest::newRow("folder missing") << m_dir.filePath("missing/out.txt") << "No such file or directory";
        QTest::newRow("procfs") << "/proc/dinosam-out.txt" << "cannot create a file in folder /proc";
    }

    void unwritableFolders()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        QString message;
        try {
            AtomicFile::write(target.toStdString(), std::string_view("x"));
        } catch (const ExportError &e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(message.startsWith(target + ": "), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }

    void readOnlyFolder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.txt");
        AtomicFile::write(path.toStdString(), std::string_view("OLD"));
        QVERIFY(::chmod(QFile::encodeName(dir.path()).constData(), 0555) == 0);
        // Root ignores permission bits: the write then runs as "nobody".
        const std::string message = dinosam::test::runUnprivileged([&] {
            try {
                AtomicFile::write(path.toStdString(), std::string_view("NEW"));
            } catch (const ExportError &e) {
                return std::string(e.what());
            }
            return std::string("no error");
        });
        ::chmod(QFile::encodeName(dir.path()).constData(), 0700);
        QVERIFY2(message.find("Permission denied") != std::string::npos, message.c_str());
        QVERIFY2(QString::fromStdString(message).startsWith(path), message.c_str());
        QCOMPARE(readAll(path), QByteArray("OLD"));
    }

    void twoPhase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("two.txt");
        {
            AtomicFile file(path.toStdString());
            QVERIFY_THROWS_EXCEPTION(ExportError, file.commit()); // nothing prepared
            file.prepare(std::string_view("staged"));
            QVERIFY(!file.temporaryPath().empty());
            QVERIFY(QFile::exists(QString::fromStdString(file.temporaryPath().string())));
            QVERIFY(!QFile::exists(path)); // not visible before commit
            QVERIFY_THROWS_EXCEPTION(ExportError, file.prepare(std::string_view("again")));
        } // destroyed without commit: the temporary disappears
        QCOMPARE(entries(dir.path()), QStringList());

        AtomicFile file(path.toStdString());
        file.prepare(std::string_view("staged"));
        file.discard();
        QCOMPARE(entries(dir.path()), QStringList());

        AtomicFile moved = [&] {
            AtomicFile f(path.toStdString());
            f.prepare(std::string_view("moved"));
            return f;
        }();
        moved.commit();
        QVERIFY(moved.isCommitted());
        QCOMPARE(readAll(path), QByteArray("moved"));
        QCOMPARE(entries(dir.path()), QStringList({"two.txt"}));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
