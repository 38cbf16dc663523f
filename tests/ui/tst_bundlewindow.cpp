// SPDX-License-Identifier: GPL-3.0-or-later
// Bundles in the window: opened by drop and by File → Open Bundle…, read-only, showing
// what the bundle selects; a bad bundle leaves the window as it was; File → Export
// Bundle… through its dialog, and a bundle exported and reopened explains as the live
// project does. Screenshots of a bundle opened and of the export dialog.
#include "core/bundle/Bundle.h"
#include "core/DataLocations.h"
#include "core/models/RunListModel.h"
#include "core/session/ProjectSession.h"
#include "ui/ExportBundleDialog.h"
#include "ui/MainWindow.h"
#include "ui/RegistryCachePanel.h"
#include "ui/RunsPanel.h"
#include "ui/ScriptsPanel.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QProcess>
#include <QRadioButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace Cachelab;

namespace {

QAction *fileAction(MainWindow &window, const QString &text)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text().remove(QLatin1Char('&')) == text)
                return action;
        }
    }
    return nullptr;
}

void drop(MainWindow &window, const QString &path)
{
    QMimeData data;
    data.setUrls({ QUrl::fromLocalFile(path) });
    QDragEnterEvent enter(QPoint(640, 400), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent event(QPointF(640, 400), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &event);
}

// Answers the next file dialog with `path` (the dialog is modal: the answer must be
// queued before it opens).
void answerFileDialog(const QString &path, bool *answered, int tries = 100)
{
    QTimer::singleShot(100, [path, answered, tries] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            if (tries > 0)
                answerFileDialog(path, answered, tries - 1);
            return;
        }
        // As a user does: the path typed into the name field, then Return.
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        if (!name) {
            dialog->reject();
            return;
        }
        name->setText(path);
        *answered = true;
        QTest::keyClick(name, Qt::Key_Return);
    });
}

} // namespace

class TestBundleWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QDir(Bundle::defaultUnpackRoot()).removeRecursively();
        QVERIFY(!DataLocations::demoBundle().isEmpty());
    }

    void openByDrop()
    {
        MainWindow window(m_store.path());
        window.show();
        drop(window, DataLocations::demoBundle());
        QVERIFY(window.session()->isReadOnly());
        QVERIFY2(window.windowTitle().contains(QLatin1String("demo.cachelab")), qPrintable(window.windowTitle()));
        QVERIFY(window.windowTitle().contains(QLatin1String("#1515")));
        QVERIFY(window.session()->runs()->rowCount() >= 10);
        // What the bundle selects: the #1515 pair, compared.
        QCOMPARE(window.runsPanel()->selectedIds().size(), 2);
        // Read-only: nothing runs, nothing is edited; the scripts are there to read.
        QVERIFY(!fileAction(window, QStringLiteral("Run Selected Script"))->isEnabled());
        QVERIFY(window.scriptsPanel()->scriptNames().contains(QStringLiteral("build.sh")));
        QVERIFY(!window.scriptsPanel()->runButton(QStringLiteral("build.sh"))->isEnabled());
        QVERIFY(!window.session()->startScript(window.project().absolutePath() + QStringLiteral("/build.sh")));
        // The cache build.sh's rebuild left in the registry travels with it: min mode, offline.
        QVERIFY2(window.registryCachePanel()->statusText().contains(QLatin1String("3 layer(s), mode min")),
                 qPrintable(window.registryCachePanel()->statusText()));
        QVERIFY(window.registryCachePanel()->statusText().contains(QLatin1String("kept with the run")));
        // Nothing of the bundle went into the run store.
        QVERIFY(QDir(m_store.path()).isEmpty());
    }

    void openByFileMenu()
    {
        MainWindow window(m_store.path());
        window.show();
        QAction *open = fileAction(window, QStringLiteral("Open Bundle…"));
        QVERIFY(open);
        bool answered = false;
        answerFileDialog(DataLocations::demoBundle(), &answered);
        open->trigger();
        QVERIFY(answered);
        QVERIFY(window.session()->isReadOnly());
        QVERIFY(window.windowTitle().contains(QLatin1String("demo.cachelab")));
    }

    void badBundleKeepsTheWindow()
    {
        QTemporaryDir dir;
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openDemo());
        const QString title = window.windowTitle();
        const QString bad = dir.filePath(QStringLiteral("broken.cachelab"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x1f\x8b not really gzip");
        file.close();
        drop(window, bad);
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("broken.cachelab: ")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(window.session()->runs()->rowCount() >= 10);
    }

    // A project with runs → Export Bundle (selected run) → opened elsewhere: the same
    // runs, and Explain says the same.
    void exportThroughTheDialogAndReopen()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("moby-cache"));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"),
                                   { QStringLiteral("-r"), DataLocations::bundledProjectDir(), project }),
                 0);
        MainWindow window(m_store.path());
        window.show();
        QVERIFY(window.openProject(project));
        const QString rec = DataLocations::recordingsDir();
        QCOMPARE(window.importLogs({ rec + QStringLiteral("/buildctl-v0.34.2-01-cold.log") }), 1);
        QVERIFY(window.session()->appendLine(QStringLiteral("assets/js/file1.js"), QStringLiteral("// edit")));
        QCOMPARE(window.importLogs({ rec + QStringLiteral("/buildctl-v0.34.2-02-rebuild-after-edit.log") }), 1);
        const QString newest = window.session()->runs()->entry(0)->stored.id;
        window.runsPanel()->selectRun(newest);
        const auto live = window.session()->explain(newest);
        QVERIFY(live);

        const QString out = dir.filePath(QStringLiteral("exported.cachelab"));
        QAction *exportAction = fileAction(window, QStringLiteral("Export Bundle…"));
        QVERIFY(exportAction && exportAction->isEnabled());
        bool dialogSeen = false;
        bool fileAnswered = false;
        QTimer::singleShot(200, [&] {
            auto *dialog = qobject_cast<ExportBundleDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialogSeen = true;
            auto radios = dialog->findChildren<QRadioButton *>();
            QCOMPARE(radios.size(), 2);
            QVERIFY(radios.at(1)->isChecked()); // the selected run, when there is one
            QVERIFY(radios.at(1)->text().contains(QLatin1String("1 selected run")));
            dialog->findChild<QLineEdit *>()->setText(QStringLiteral("The rebuild, for a maintainer"));
            save(*dialog, QStringLiteral("export-bundle-dialog"), dialog->size());
            answerFileDialog(out, &fileAnswered);
            dialog->accept();
        });
        exportAction->trigger();
        QVERIFY(dialogSeen);
        QVERIFY(fileAnswered);
        QVERIFY2(QFileInfo(out).isFile(), qPrintable(window.statusBar()->currentMessage()));

        MainWindow other(dir.filePath(QStringLiteral("other-store")));
        other.show();
        QVERIFY(other.openBundle(out));
        QVERIFY(other.windowTitle().contains(QLatin1String("The rebuild, for a maintainer")));
        // The selected run and the run it follows.
        QCOMPARE(other.session()->runs()->rowCount(), 2);
        QCOMPARE(other.runsPanel()->selectedIds(), QStringList { newest });
        const auto reopened = other.session()->explain(newest);
        QVERIFY(reopened);
        QCOMPARE(reopened->cause, live->cause);
        QCOMPARE(reopened->changedFiles, live->changedFiles);
        QCOMPARE(reopened->steps.size(), live->steps.size());
        for (int i = 0; i < live->steps.size(); ++i)
            QCOMPARE(reopened->steps.at(i).verdict, live->steps.at(i).verdict);
        QCOMPARE(live->cause, RebuildExplanation::Cause::MinMode);
        save(other, QStringLiteral("window-bundle-opened"));
    }

private:
    static void save(QWidget &widget, const QString &name, const QSize &size = QSize(1280, 800))
    {
        if (size == QSize(1280, 800))
            widget.resize(size);
        QApplication::processEvents();
        const QImage image = widget.grab().toImage();
        QCOMPARE(image.size(), size);
        QVERIFY(image.save(QDir::current().filePath(name + QStringLiteral(".png"))));
        if (qEnvironmentVariableIntValue("CACHELAB_UPDATE_SCREENSHOTS") == 1)
            QVERIFY(image.save(QStringLiteral(CACHELAB_SOURCE_DIR "/docs/screenshots/") + name
                               + QStringLiteral(".png")));
    }

    QTemporaryDir m_store;
};

QTEST_MAIN(TestBundleWindow)
#include "tst_bundlewindow.moc"
