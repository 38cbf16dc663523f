// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer: the .cachelab bundle reader (a gzip tar through libarchive, its manifest,
// runs, logs and cache debug data) on any file. A refusal must say why; what opens has a
// run per manifest entry it lists.
#include "core/bundle/Bundle.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace Cachelab;
    static QTemporaryDir work;
    const QString path = work.filePath(QStringLiteral("fuzz.cachelab"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const QString unpack = work.filePath(QStringLiteral("unpacked"));
    QString error;
    if (!Bundle::open(path, unpack, &error) && error.isEmpty())
        std::abort();
    // Nothing is written outside the unpack folder (a member named ../x, an absolute path).
    const QStringList entries = QDir(work.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString &entry : entries) {
        if (entry != QLatin1String("fuzz.cachelab") && entry != QLatin1String("unpacked"))
            std::abort();
    }
    QDir(unpack).removeRecursively();
    return 0;
}
