// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/AppSettings.h"

#include <QPalette>

namespace Cachelab {

// Applies the Settings' appearance to the whole application: the desktop's own palette,
// or Fusion with a light or a dark palette of ours (the graph and plots take their tints
// from the palette, so they follow).
class AppearanceTheme
{
public:
    static void apply(AppSettings::Appearance appearance);
    static QPalette darkPalette();
};

} // namespace Cachelab
