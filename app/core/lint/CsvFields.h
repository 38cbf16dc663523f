// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Cachelab {

// A flag value such as `type=registry,ref=x,mode=max` split into its fields the way
// buildx and buildctl read it (Go's encoding/csv on one record): commas separate fields,
// a field may be double-quoted to hold commas (`"name=a,b"`), `""` inside quotes is a quote.
namespace CsvFields {

// Empty list and *error when a quote is not closed or a quote appears inside an
// unquoted field (encoding/csv refuses both).
QStringList split(const QString &record, QString *error);

} // namespace CsvFields

} // namespace Cachelab
