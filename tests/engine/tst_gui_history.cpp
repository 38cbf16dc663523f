// SPDX-License-Identifier: GPL-3.0-or-later
// The window's Builder History dock on the real private engine (run by test-history.sh
// after its builds): View → Builder History lists the docker-container builder's two
// #1515 builds; selecting the rebuild shows what inspect says (its build argument and
// cache import); double-clicks import both as runs, which the window then shows and
// compares like any others; the remote builder's record is listed by naming it. The dock
// is saved as a picture (CACHELAB_SCREENSHOT_DIR) after its contents are checked.
#include "GuiPictures.h"
#include "core/models/HistoryRecordListModel.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/BuilderHistoryPanel.h"
#include "ui/MainWindow.h"
#include "ui/RunsPanel.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"
#include "ui/dag/StepState.h"

#include <QDir>
#include <QDockWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Cachelab;

namespace {
constexpr int kBuildxTimeoutMs = 2 * 60 * 1000;
} // namespace

class TestGuiHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_project = qEnvironmentVariable("CACHELAB_TEST_PROJECT");
        if (m_project.isEmpty())
            QSKIP("run through tests/engine/test-history.sh");
        m_pictures = qEnvironmentVariable("CACHELAB_SCREENSHOT_DIR", QDir::tempPath());
        QDir().mkpath(m_pictures);
    }

    void listAndImport()
    {
        MainWindow window(m_store.path());
        window.resize(1500, 950);
        window.show();
        QVERIFY(window.openProject(m_project));
        BuilderHistoryPanel *panel = window.builderHistoryPanel();
        QVERIFY(!window.builderHistoryDock()->isVisible());

        // Shown: the list is read on a worker thread; the window stays responsive.
        QSignalSpy listed(panel, &BuilderHistoryPanel::listed);
        window.showBuilderHistory();
        QVERIFY(window.builderHistoryDock()->isVisible());
        QVERIFY(listed.wait(kBuildxTimeoutMs));
        HistoryRecordListModel *model = panel->model();
        QCOMPARE(model->rowCount(), 2);
        QVERIFY2(panel->statusText().contains(QLatin1String("2 builds on builder cachelab")),
                 qPrintable(panel->statusText()));
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(model->recordAt(row)->name, QStringLiteral("moby-cache"));
            QCOMPARE(model->recordAt(row)->status, HistoryRecord::Status::Completed);
        }
        QVERIFY(model->recordAt(0)->cachedSteps > model->recordAt(1)->cachedSteps);

        // The rebuild selected: inspect's answer below the list.
        panel->table()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(panel->detailsText().contains(QLatin1String("RELEASE=2")), kBuildxTimeoutMs);
        QVERIFY2(panel->detailsText().contains(QLatin1String("/history/test:cache")), qPrintable(panel->detailsText()));
        QVERIFY(panel->detailsText().contains(QLatin1String("Dockerfile")));

        // Double-clicks import both as runs; the last imported is shown.
        for (int row : {1, 0}) {
            const QModelIndex index = model->index(row, HistoryRecordListModel::NameColumn);
            const QRect rect = panel->table()->visualRect(index);
            // A double-click is a press, a release and the double-click on the same row.
            QTest::mouseClick(panel->table()->viewport(), Qt::LeftButton, {}, rect.center());
            QTest::mouseDClick(panel->table()->viewport(), Qt::LeftButton, {}, rect.center());
            QVERIFY(panel->isBusy());
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isBusy(), kBuildxTimeoutMs);
        }
        QCOMPARE(window.session()->runs()->rowCount(), 2);
        const RunListModel::Entry *rebuild = window.session()->runs()->entry(0);
        QCOMPARE(rebuild->stored.origin, StoredRun::Origin::BuilderHistory);
        QVERIFY(rebuild->stored.label.endsWith(QLatin1String("(builder history)")));
        QCOMPARE(rebuild->stored.history->id(), model->recordAt(0)->id());
        // The rebuild against the cold build, as for runs of scripts: cached steps and the
        // steps the edit made run in the graph.
        window.runsPanel()->compareWithOlder();
        const StageDagScene *scene = window.dagView()->dagScene();
        int cached = 0;
        int ran = 0;
        for (const StepRef &step : scene->steps()) {
            cached += scene->stepState(step, true) == StepState::Cached ? 1 : 0;
            ran += scene->stepState(step, true) == StepState::Ran ? 1 : 0;
        }
        QVERIFY2(cached >= 5 && ran >= 4, qPrintable(QStringLiteral("%1 cached, %2 ran").arg(cached).arg(ran)));
        save(&window, QStringLiteral("builder-history-dock.png"));

        // A remote builder, named.
        panel->setBuilder(qEnvironmentVariable("CACHELAB_TEST_REMOTE_BUILDER"));
        panel->refresh();
        QVERIFY(listed.wait(kBuildxTimeoutMs));
        QCOMPARE(model->rowCount(), 1);
        QVERIFY2(model->recordAt(0)->ref.startsWith(panel->builder() + QLatin1Char('/')),
                 qPrintable(model->recordAt(0)->ref));
    }

private:
    void save(QWidget *widget, const QString &name) { saveGuiPicture(widget, m_pictures, name); }

    QString m_pictures;
    QString m_project;
    QTemporaryDir m_store;
};

QTEST_MAIN(TestGuiHistory)
#include "tst_gui_history.moc"
