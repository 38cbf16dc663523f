// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Logging.h"

Q_LOGGING_CATEGORY(lcCore, "cachelab.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "cachelab.ui", QtInfoMsg)
