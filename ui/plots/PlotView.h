// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointF>
#include <QSize>
#include <QString>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QScrollArea;
class QStackedWidget;

namespace Cachelab {

// What the three plots share: a QCustomPlot that zooms and pans, says what is under the
// mouse in a tooltip, exports to PNG and SVG, and a message instead of an empty plot.
// Each refill builds a fresh QCustomPlot: no plottable, item or legend entry of the
// previous runs can linger. A chart of many rows gets the height its rows need and
// scrolls, so that labels stay readable in a low panel.
class PlotView : public QWidget
{
    Q_OBJECT
public:
    explicit PlotView(QWidget *parent = nullptr);

    QCustomPlot *plot() const { return m_plot; }
    bool hasData() const { return m_hasData; }
    // One line for the panel's header: what is shown, and what to know about it.
    QString title() const { return m_title; }
    QString message() const; // shown instead of the plot when there is no data
    // The tooltip for a point of the plot, in the plot's pixels; empty when nothing is there.
    virtual QString hoverText(const QPointF &pixel) const = 0;
    // Back to the whole data after zooming and panning.
    virtual void resetView() = 0;
    // The plot as a file (.png or .svg) at size; an empty size takes the plot's
    // width (at least 1280) and the height all its rows need.
    bool exportTo(const QString &path, QString *error, QSize size = {}) const;
    QSize exportSize() const;

Q_SIGNALS:
    void titleChanged(const QString &title);

protected:
    // A new, empty, styled plot in place of the old one (interactions and hover wired).
    QCustomPlot *newPlot();
    void showMessage(const QString &message, const QString &title = {});
    void showPlot(const QString &title, int neededHeight);
    // New data for a plot drawn when shown (HistoryPlot, TimelinePlot): build() runs now
    // when the plot is visible or `now`; else when it is shown, exported or asked about
    // (buildIfStale()), and until then the header tells `title`.
    void buildWhenShown(const QString &title, bool now = false);
    void buildIfStale();
    virtual void build() { }
    void showEvent(QShowEvent *event) override;
    // Draws the plot now when it is on screen; a hidden one (another tab or view) is drawn
    // when it is next painted: the history of thousands of runs is not redrawn for
    // nothing at each selection.
    void replot();
    bool eventFilter(QObject *watched, QEvent *event) override;
    // The default legend moved from inside the axis rect to a row above it (entries side
    // by side, wrapped after `wrap` entries when not 0, a note beside them, or under them when
    // they wrap): inside, it would hide bars; beside, it would take the
    // width the time axis needs.
    void placeLegendOnTop(const QString &note = {}, int wrap = 0);

private:
    void updateTooltip(const QPointF &pixel, const QPoint &global);

    QStackedWidget *m_stack;
    QLabel *m_message;
    QScrollArea *m_scroll;
    QCustomPlot *m_plot = nullptr;
    bool m_stale = false; // buildWhenShown() was called and build() has not run since
    QString m_title;
    bool m_hasData = false;
    bool m_replotPending = false;
};

} // namespace Cachelab
