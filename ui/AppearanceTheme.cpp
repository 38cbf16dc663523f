// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AppearanceTheme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace Cachelab {

namespace {
// What the desktop gave, kept at the first change so that "As the desktop" restores it.
struct Original
{
    bool saved = false;
    QString style;
    QPalette palette;
};
Original &original()
{
    static Original value;
    return value;
}
} // namespace

QPalette AppearanceTheme::darkPalette()
{
    QPalette palette;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x56, 0xb4, 0xe9));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Mid, QColor(0x50, 0x52, 0x57));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    palette.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x44));
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, QColor(0x80, 0x82, 0x86));
    return palette;
}

void AppearanceTheme::apply(AppSettings::Appearance appearance)
{
    Original &saved = original();
    if (!saved.saved) {
        saved.saved = true;
        saved.style = QApplication::style()->name();
        saved.palette = QApplication::palette();
    }
    switch (appearance) {
    case AppSettings::Appearance::System:
        QApplication::setStyle(QStyleFactory::create(saved.style));
        QApplication::setPalette(saved.palette);
        break;
    case AppSettings::Appearance::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case AppSettings::Appearance::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
}

} // namespace Cachelab
