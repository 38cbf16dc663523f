// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Cachelab {

// Variable expansion and word splitting as BuildKit's Dockerfile frontend does it
// (frontend/dockerfile/shell, `shell.Lex`): $VAR, ${VAR}, ${VAR:-word}, ${VAR-word},
// ${VAR:+word}, ${VAR+word}, ${VAR:?msg}, ${VAR?msg}, ${VAR#pat}, ${VAR##pat}, ${VAR%pat},
// ${VAR%%pat}, ${VAR/pat/repl}, ${VAR//pat/repl}, single and double quotes and the escape
// character. Not a shell: no command substitution, no globbing.
//
// BuildKit uses it with different settings in different places, hence the Options:
// FROM, ARG, ENV, COPY and WORKDIR values drop quotes and expand an unset variable to
// nothing; the name a RUN step gets keeps quotes, escapes and unset variables as written.
class ArgExpander
{
public:
    using Environment = QHash<QString, QString>;

    struct Options
    {
        QChar escapeToken = QLatin1Char('\\');
        bool rawQuotes = false; // keep quote characters in the result
        bool rawEscapes = false; // keep escape characters in the result
        bool skipUnsetEnv = false; // leave $UNSET and ${UNSET...} as written
        bool skipProcessQuotes = false; // quotes are ordinary characters
    };

    struct Result
    {
        QString text; // the whole input, expanded (spacing kept)
        QStringList words; // the expanded input split into words, quotes respected
        QString error; // empty on success: "failed to process \"…\": …"
        bool ok() const { return error.isEmpty(); }
    };

    // Nested ${…} deeper than this is refused: it keeps the recursion (and the stack)
    // bounded on hostile input. Real Dockerfiles nest two or three levels.
    static constexpr int MaxNesting = 64;
    // An expansion longer than this is refused: values that double at each ARG would
    // otherwise take gigabytes. Real values are far shorter (a build argument on a command
    // line is limited to a few hundred KB by the kernel).
    static constexpr qsizetype MaxExpandedSize = 1024 * 1024;

    ArgExpander() = default;
    explicit ArgExpander(const Options &options);

    // The expanded text and its words.
    Result process(const QString &input, const Environment &env) const;
    // The expanded text only (Result::words stays empty): cheaper, for names and values.
    Result expand(const QString &input, const Environment &env) const;

    const Options &options() const { return m_options; }

private:
    Result run(const QString &input, const Environment &env, bool splitWords) const;

    Options m_options;
};

} // namespace Cachelab
