// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/dockerfile/DockerfileInstruction.h"

#include <QChar>
#include <QList>
#include <QString>

namespace Cachelab {

// One logical line to a DockerfileInstruction, in BuildKit's two steps:
// parseLine() is the parser's node level (frontend/dockerfile/parser: keyword, flags,
// exec or shell form, ENV/LABEL pairs, ONBUILD's trigger), validate() the instruction
// level (frontend/dockerfile/instructions: known keyword, known flags, argument counts,
// stage names). BuildKit reports every node-level error in a file before any
// instruction-level one; DockerfileParser keeps that order.
class InstructionParser
{
public:
    explicit InstructionParser(QChar escapeToken);

    // false and *error when BuildKit's parser refuses the line.
    bool parseLine(const QString &line, DockerfileInstruction *instruction, QString *error) const;

    // The heredocs `line` opens, in order (RUN, COPY, ADD and ONBUILD of those, shell form
    // only). false and *error for a delimiter BuildKit cannot read.
    bool heredocsOf(const DockerfileInstruction &instruction, const QString &line,
                    QList<DockerfileHeredoc> *heredocs, QString *error) const;

    // false and *error when BuildKit's instruction parser refuses the instruction.
    bool validate(const DockerfileInstruction &instruction, QString *error) const;

private:
    bool validateFlags(const DockerfileInstruction &instruction, QString *error) const;

    QChar m_escape;
};

} // namespace Cachelab
