// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QTest>
#include <QWidget>

// The engine GUI tests' pictures: a widget as it is now, saved under `folder`
// (CACHELAB_SCREENSHOT_DIR, set by the test scripts) once the test has checked what it
// shows. A QVERIFY inside: call it from a test function, then check QTest::currentTestFailed().
inline void saveGuiPicture(QWidget *widget, const QString &folder, const QString &name)
{
    QCoreApplication::processEvents();
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(image.save(QDir(folder).filePath(name)));
}
