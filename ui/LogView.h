// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractScrollArea>

namespace Cachelab {

class LogLineModel;

// The log pane: a run's whole log in a fixed-width font, one row per line. It draws
// only the lines on screen, straight from the log's bytes: appending a chunk of a live
// build costs the same with ten lines above it or ten million, where a text document
// or a list view lays out every line again. Click selects a line, Shift+click a range,
// Ctrl+C copies them. Follows the end of a live log unless the user scrolled up.
class LogView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit LogView(QWidget *parent = nullptr);

    LogLineModel *logModel() const { return m_model; }
    void setLog(const QByteArray &log);
    void setMessage(const QString &message); // instead of a log: why there is none
    void appendLines(const QByteArray &wholeLines);
    void clear();

    // Selects the header line of plain-format vertex #id and scrolls it to the centre.
    bool showVertex(int vertexId);
    void selectLines(int first, int last);
    QString text() const; // the whole log
    QString selectedText() const; // the selected lines, in order
    int firstVisibleLine() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateScrollBars();
    int visibleLineCount() const;
    int lineAt(int y) const;

    LogLineModel *m_model;
    int m_anchor = -1; // selection: from m_anchor to m_current (either order)
    int m_current = -1;
};

} // namespace Cachelab
