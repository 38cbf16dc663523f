// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>

namespace Cachelab {

// The rules of a .dockerignore file, as BuildKit applies them (moby/patternmatcher):
// one pattern per line, '#' comments, Go filepath.Match syntax plus "**", a leading '!'
// re-includes, the last matching rule wins, and a pattern that matches a folder matches
// everything below it. Paths are relative to the context, with '/' separators.
class DockerIgnore
{
public:
    static DockerIgnore fromText(const QString &text);
    static DockerIgnore fromFile(const QString &path); // no file: nothing ignored

    bool isIgnored(const QString &relativePath) const;
    // Whether one context path pattern (a .dockerignore line, or a COPY source, which
    // BuildKit matches the same way) takes the path: "." and "/" take everything.
    static bool patternMatches(const QString &pattern, const QString &relativePath);
    int ruleCount() const { return int(m_rules.size()); }

private:
    struct Rule
    {
        QRegularExpression pattern;
        bool exclusion = false; // "!pattern"
    };
    QList<Rule> m_rules;
};

} // namespace Cachelab
