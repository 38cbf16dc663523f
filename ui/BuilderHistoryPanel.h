// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/history/DockerBuildFile.h"

#include <QProcessEnvironment>
#include <optional>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Cachelab {

class HistoryRecordListModel;

// The Builder History dock: the build records a buildx builder remembers (any driver,
// local or remote), read through buildx on a worker thread so that a slow or remote
// builder never holds up the window. Selecting a record shows what `inspect` says of it
// (Dockerfile, target, build arguments, cache imports); Import (or a double-click) fetches
// its steps and hands the build to the window, which keeps it as a run.
class BuilderHistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BuilderHistoryPanel(QWidget *parent = nullptr);

    // The environment buildx runs in (default: Lab::toolEnvironment(), read on refresh).
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    void setBuilder(const QString &builder);
    QString builder() const;

    HistoryRecordListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString statusText() const; // the line under the list: count, or what went wrong
    QString detailsText() const; // the selected record as inspect tells it
    bool isBusy() const { return m_busy > 0; }

public slots:
    void refresh();
    void importSelected();
    void importRef(const QString &ref);

signals:
    // A record and its steps, fetched: the window keeps it as a run.
    void buildFetched(const Cachelab::HistoryBuild &build);
    void busyChanged(bool busy);
    void listed(); // a refresh ended (its outcome in statusText())

private:
    void inspectSelected();
    void setBusy(bool busy);
    QProcessEnvironment environment() const;
    template<typename Work, typename Done>
    void startWorker(Work work, Done done);

    HistoryRecordListModel *m_model;
    QLineEdit *m_builder;
    QPushButton *m_refresh;
    QPushButton *m_import;
    QTableView *m_table;
    QLabel *m_details;
    QLabel *m_status;
    std::optional<QProcessEnvironment> m_environment;
    int m_busy = 0;
    quint64 m_inspectGeneration = 0; // a later selection's inspect wins over an earlier one
};

} // namespace Cachelab
