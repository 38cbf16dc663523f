// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cachelab {

// `--name=value` (or a bare `--name`) before an instruction's arguments.
struct DockerfileFlag
{
    QString name; // without the dashes: "from", "mount", "platform", ...
    QString value; // quotes removed, as BuildKit reads it
    bool hasValue = false; // false for a bare `--link`
};

// An inline file: `RUN <<EOF` … `EOF`, `COPY <<EOF /dst` … `EOF`.
struct DockerfileHeredoc
{
    QString name; // the delimiter word, quotes removed
    QString body; // the lines between, each with its newline; leading tabs gone for <<-
    bool chomp = false; // written <<-
    bool expand = true; // false when the delimiter was quoted (<<"EOF"): no variable expansion
    int fileDescriptor = 0; // 3<<EOF gives 3
};

// One instruction of a Dockerfile as BuildKit's parser reads it.
struct DockerfileInstruction
{
    QString keyword; // upper case: FROM, RUN, COPY, ...
    // As written, continuation lines joined (the escape character and the line break
    // removed, runs of blanks kept, comment lines inside dropped) and trimmed: the text
    // BuildKit bases a step's name on.
    QString text;
    QList<DockerfileFlag> flags;
    // The arguments after the flags, split the way BuildKit splits them for this keyword:
    // exec form (JSON) gives the array's strings; shell-form RUN/CMD/ENTRYPOINT give the
    // command line as one string; COPY/ADD/FROM/EXPOSE/VOLUME are split at blanks;
    // ENV/LABEL give key, value, key, value…; HEALTHCHECK gives its type first;
    // ONBUILD gives the trigger's keyword (upper case) followed by its arguments.
    QStringList arguments;
    QString argumentText; // everything after the keyword and the flags, as written
    bool json = false; // exec form: `RUN ["a", "b"]`
    QList<DockerfileHeredoc> heredocs;
    int line = 0; // 1-based line of the keyword
    int endLine = 0; // last line, continuation and heredoc bodies included
    // ONBUILD only: the instruction it registers for stages built FROM this one.
    std::shared_ptr<const DockerfileInstruction> trigger;

    bool hasFlag(const QString &name) const;
    // The last value given for a flag (BuildKit refuses most flags twice anyway).
    QString flagValue(const QString &name) const;
    // Every value, in order: `--mount` may be given several times.
    QStringList flagValues(const QString &name) const;
};

} // namespace Cachelab
