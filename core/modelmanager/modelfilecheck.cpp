#include "modelmanager/modelfilecheck.h"

#include "models/catalog/sha256.h"

#include <QFile>
#include <QFileInfo>

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <vector>

namespace dinosam {
namespace {

constexpr qint64 kChunk = 1 << 20;

quint16 le16(const char *p)
{
    return quint16(quint8(p[0])) | quint16(quint8(p[1])) << 8;
}
quint32 le32(const char *p)
{
    return quint32(le16(p)) | quint32(le16(p + 2)) << 16;
}
quint64 le64(const char *p)
{
    return quint64(le32(p)) | quint64(le32(p + 4)) << 32;
}

struct ZipRecord
{
    QString name;
    quint32 crc = 0;
    quint64 size = 0;
    quint64 localHeaderOffset = 0;
    quint16 method = 0;
};

QString describe(const QString &path, const QString &what)
{
    return QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), what);
}

// Reads the central directory (zip64 aware, as torch.save writes zip64 records).
bool readCentralDirectory(QFile &f, std::vector<ZipRecord> &records, QString &why)
{
    const qint64 fileSize = f.size();
    if (fileSize < 22) {
        why = QStringLiteral("too small to be a checkpoint (%1 bytes)").arg(fileSize);
        return false;
    }
    char magic[4];
    if (!f.seek(0) || f.read(magic, 4) != 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0) {
        why = QStringLiteral("not a zip file (a torch.save checkpoint of PyTorch >= 1.6 is a zip)");
        return false;
    }
    // End of central directory: last 22 bytes + up to 64 KiB of comment.
    const qint64 tailSize = qMin<qint64>(fileSize, 22 + 65535 + 20);
    f.seek(fileSize - tailSize);
    const QByteArray tail = f.read(tailSize);
    const qsizetype eocd = tail.lastIndexOf(QByteArrayLiteral("PK\x05\x06"));
    if (eocd < 0 || tail.size() - eocd < 22) {
        why = QStringLiteral("zip end-of-directory record missing (truncated file?)");
        return false;
    }
    const char *e = tail.constData() + eocd;
    quint64 count = le16(e + 10);
    quint64 cdSize = le32(e + 12);
    quint64 cdOffset = le32(e + 16);
    if (eocd >= 20 && std::memcmp(tail.constData() + eocd - 20, "PK\x06\x07", 4) == 0) {
        const quint64 z64Offset = le64(tail.constData() + eocd - 20 + 8);
        char z[56];
        if (z64Offset + 56 > quint64(fileSize) || !f.seek(qint64(z64Offset)) || f.read(z, 56) != 56 ||
            std::memcmp(z, "PK\x06\x06", 4) != 0) {
            why = QStringLiteral("zip64 end-of-directory record damaged");
            return false;
        }
        count = le64(z + 32);
        cdSize = le64(z + 40);
        cdOffset = le64(z + 48);
    }
    if (cdOffset + cdSize > quint64(fileSize) || count == 0 || count > 1000000) {
        why = QStringLiteral("zip directory out of range (truncated or corrupted file)");
        return false;
    }
    f.seek(qint64(cdOffset));
    const QByteArray cd = f.read(qint64(cdSize));
    if (quint64(cd.size()) != cdSize) {
        why = QStringLiteral("zip directory unreadable");
        return false;
    }
    qsizetype pos = 0;
    for (quint64 i = 0; i < count; ++i) {
        if (pos + 46 > cd.size() || std::memcmp(cd.constData() + pos, "PK\x01\x02", 4) != 0) {
            why = QStringLiteral("zip directory entry %1 damaged").arg(i);
            return false;
        }
        const char *h = cd.constData() + pos;
        ZipRecord r;
        r.method = le16(h + 10);
        r.crc = le32(h + 16);
        quint64 compressed = le32(h + 20);
        r.size = le32(h + 24);
        const quint16 nameLen = le16(h + 28), extraLen = le16(h + 30), commentLen = le16(h + 32);
        r.localHeaderOffset = le32(h + 42);
        if (pos + 46 + nameLen + extraLen + commentLen > cd.size()) {
            why = QStringLiteral("zip directory entry %1 damaged").arg(i);
            return false;
        }
        r.name = QString::fromUtf8(h + 46, nameLen);
        // Zip64 extended information: only the fields saturated in the header, in order.
        const char *x = h + 46 + nameLen;
        for (int xp = 0; xp + 4 <= extraLen;) {
            const quint16 id = le16(x + xp), len = le16(x + xp + 2);
            if (xp + 4 + len > extraLen)
                break;
            if (id == 0x0001) {
                const char *v = x + xp + 4;
                int used = 0;
                if (r.size == 0xFFFFFFFFu && used + 8 <= len) { r.size = le64(v + used); used += 8; }
                if (compressed == 0xFFFFFFFFu && used + 8 <= len) { compressed = le64(v + used); used += 8; }
                if (r.localHeaderOffset == 0xFFFFFFFFu && used + 8 <= len) { r.localHeaderOffset = le64(v + used); used += 8; }
            }
            xp += 4 + len;
        }
        if (r.method != 0 || compressed != r.size) {
            why = QStringLiteral("record %1 is compressed (torch.save stores records uncompressed)").arg(r.name);
            return false;
        }
        records.push_back(r);
        pos += 46 + nameLen + extraLen + commentLen;
    }
    return true;
}

} // namespace

QString sha256OfFile(const QString &path, QString *error)
{
    std::string why;
    const std::string hex = dinosam::sha256OfFile(std::filesystem::path(path.toStdU16String()), &why);
    if (hex.empty() && error)
        *error = QString::fromStdString(why);
    return QString::fromStdString(hex);
}

ContentCheck checkZipCheckpoint(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ContentCheck::failure(describe(path, QStringLiteral("cannot open: %1").arg(f.errorString())));
    std::vector<ZipRecord> records;
    QString why;
    if (!readCentralDirectory(f, records, why))
        return ContentCheck::failure(describe(path, why));

    int pickles = 0;
    QByteArray buffer;
    for (const ZipRecord &r : records) {
        char lh[30];
        if (!f.seek(qint64(r.localHeaderOffset)) || f.read(lh, 30) != 30 || std::memcmp(lh, "PK\x03\x04", 4) != 0)
            return ContentCheck::failure(describe(path, QStringLiteral("record %1: local header damaged").arg(r.name)));
        const quint64 dataStart = r.localHeaderOffset + 30 + le16(lh + 26) + le16(lh + 28);
        if (dataStart + r.size > quint64(f.size()))
            return ContentCheck::failure(describe(path, QStringLiteral("record %1 runs past the end (truncated file)").arg(r.name)));
        f.seek(qint64(dataStart));
        uLong crc = crc32(0L, Z_NULL, 0);
        quint64 left = r.size;
        bool first = true;
        while (left > 0) {
            buffer.resize(qsizetype(qMin<quint64>(left, kChunk)));
            if (f.read(buffer.data(), buffer.size()) != buffer.size())
                return ContentCheck::failure(describe(path, QStringLiteral("record %1 unreadable").arg(r.name)));
            if (first && r.name.endsWith(QLatin1String("data.pkl")) && quint8(buffer.at(0)) != 0x80)
                return ContentCheck::failure(describe(path, QStringLiteral("%1 is not a pickle").arg(r.name)));
            first = false;
            crc = crc32(crc, reinterpret_cast<const Bytef *>(buffer.constData()), uInt(buffer.size()));
            left -= quint64(buffer.size());
        }
        if (quint32(crc) != r.crc)
            return ContentCheck::failure(
                describe(path, QStringLiteral("record %1 is corrupted (CRC-32 mismatch)").arg(r.name)));
        if (r.name == QLatin1String("data.pkl") || r.name.endsWith(QLatin1String("/data.pkl")))
            ++pickles;
    }
    if (pickles != 1)
        return ContentCheck::failure(
            describe(path, QStringLiteral("expected one data.pkl record, found %1: not a torch.save checkpoint").arg(pickles)));
    return ContentCheck::success();
}

} // namespace dinosam
