// SPDX-License-Identifier: GPL-3.0-or-later
#include "DagTestData.h"
#include "ui/dag/StageDagScene.h"
#include "ui/dag/StageDagView.h"

#include <QApplication>
#include <QHelpEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QToolTip>

using namespace Cachelab;

namespace {
StepRef ref(const Dockerfile &dockerfile, const char *stage, int number)
{
    return { dockerfile.stage(QLatin1String(stage))->index, number };
}

// The whole scene is inside the viewport.
bool allVisible(const StageDagView &view)
{
    const QRect scene = view.mapFromScene(view.dagScene()->sceneRect()).boundingRect();
    return view.viewport()->rect().adjusted(-1, -1, 1, 1).contains(scene);
}
} // namespace

class TestDagView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setStyle(QStringLiteral("Fusion"));
        m_dockerfile = DagTestData::mobyCache();
        m_run
            = DagTestData::recording(QStringLiteral("buildctl-v0.34.2-02-rebuild-after-edit.log"));
    }

    void fitsOnFirstShow()
    {
        StageDagView view;
        view.resize(1280, 800);
        view.setDockerfile(m_dockerfile);
        view.setRun(&m_run);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.isAutoFit());
        QVERIFY(allVisible(view));
        // The #1515 graph fits 1280×800 at a readable size.
        QVERIFY2(view.zoom() >= 0.85, qPrintable(QString::number(view.zoom())));
        QVERIFY(view.renderHints().testFlag(QPainter::Antialiasing));

        // A smaller window still fits it; a tiny graph is not blown up.
        view.resize(640, 400);
        QTRY_VERIFY(allVisible(view));
        QVERIFY(view.zoom() < 0.85);
    }

    void zoomKeysWheelAndFit()
    {
        StageDagView view;
        view.resize(1000, 700);
        view.setDockerfile(m_dockerfile);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const qreal fitted = view.zoom();

        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(view.zoom() > fitted * 1.2);
        QVERIFY(!view.isAutoFit());
        QTest::keyClick(&view, Qt::Key_Minus);
        QTest::keyClick(&view, Qt::Key_Minus);
        QVERIFY(view.zoom() < fitted);
        QTest::keyClick(&view, Qt::Key_Equal);
        QVERIFY(qAbs(view.zoom() - fitted) < 0.001);

        // Ctrl+wheel zooms, a plain wheel scrolls.
        const QPointF at(view.viewport()->rect().center());
        QWheelEvent zoomIn(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120),
                           Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.viewport(), &zoomIn);
        QVERIFY(view.zoom() > fitted * 1.2);
        const qreal zoomed = view.zoom();
        QWheelEvent scroll(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                           Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.viewport(), &scroll);
        QCOMPARE(view.zoom(), zoomed);

        QTest::keyClick(&view, Qt::Key_F);
        QVERIFY(qAbs(view.zoom() - fitted) < 0.001);
        QVERIFY(view.isAutoFit());
        QVERIFY(allVisible(view));

        view.zoomInAction()->trigger();
        view.fitAction()->trigger();
        QVERIFY(qAbs(view.zoom() - fitted) < 0.001);
        QVERIFY(view.findChild<QToolButton *>()); // the corner button
        for (int i = 0; i < 50; ++i)
            view.zoomOut();
        QCOMPARE(view.zoom(), StageDagView::MinZoom);
    }

    void clickActivatesAStep()
    {
        StageDagView view;
        view.resize(1280, 800);
        view.setDockerfile(m_dockerfile);
        view.setRun(&m_run);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy activated(&view, &StageDagView::stepActivated);

        const StepRef step = ref(m_dockerfile, "build-public", 4);
        const QPoint at = view.mapFromScene(view.dagScene()->stepRect(step).center());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<StepRef>(), step);
        QCOMPARE(view.dagScene()->selectedStep(), step);

        // A click outside any step does nothing; a drag pans and does not activate.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(3, 3));
        QCOMPARE(activated.count(), 1);
        view.setZoom(2); // something to pan
        const StepRef other = ref(m_dockerfile, "build-node-modules", 2);
        view.centerOn(view.dagScene()->stepRect(other).center());
        const QPoint from = view.mapFromScene(view.dagScene()->stepRect(other).center());
        const int scrolled = view.horizontalScrollBar()->value();
        QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, from + QPoint(80, 0),
                         view.viewport()->mapToGlobal(from + QPoint(80, 0)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
        QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, from + QPoint(80, 0));
        QCOMPARE(activated.count(), 1);
        QVERIFY(view.horizontalScrollBar()->value() < scrolled);

        // Selecting from outside highlights without a signal.
        QVERIFY(view.selectStep(other));
        QCOMPARE(view.dagScene()->selectedStep(), other);
        QCOMPARE(activated.count(), 1);
    }

    void toolTipOnAStep()
    {
        StageDagView view;
        view.resize(1280, 800);
        view.setDockerfile(m_dockerfile);
        view.setRun(&m_run);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const StepRef step = ref(m_dockerfile, "build-assets-less", 4);
        const QPoint at = view.mapFromScene(view.dagScene()->stepRect(step).center());
        QHelpEvent help(QEvent::ToolTip, at, view.viewport()->mapToGlobal(at));
        QApplication::sendEvent(view.viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QLatin1String("<b>ran</b>")),
                 qPrintable(QToolTip::text()));
        QVERIFY(QToolTip::text().contains(QLatin1String("[build-assets-less 4/4] RUN mkdir")));
        QToolTip::hideText();
    }

    // A new Dockerfile refits, even after the user zoomed.
    void newDockerfileRefits()
    {
        StageDagView view;
        view.resize(900, 600);
        view.setDockerfile(m_dockerfile);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.zoomIn();
        view.zoomIn();
        QVERIFY(!allVisible(view));
        view.setDockerfile(
            DagTestData::parse("FROM alpine AS one\nRUN true\nFROM one\nRUN false\n"));
        QVERIFY(allVisible(view));
        QVERIFY(view.zoom() <= StageDagView::MaxFitZoom);
    }

private:
    Dockerfile m_dockerfile;
    BuildRun m_run;
};

QTEST_MAIN(TestDagView)
#include "tst_dag_view.moc"
