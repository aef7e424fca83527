#pragma once
// QCustomPlot (Debian's libqcustomplot-dev, Qt 6 build). Its header uses the `signals` and
// `foreach` keywords, which QT_NO_KEYWORDS (set for the whole project) takes away: they are
// given back for this one header and taken away again after it.
#include <QObject>
#include <QtGlobal>

#ifndef signals
#define signals Q_SIGNALS
#define TCPVIZ_QCP_UNDEF_SIGNALS
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define TCPVIZ_QCP_UNDEF_FOREACH
#endif

#include <qcustomplot.h>

#ifdef TCPVIZ_QCP_UNDEF_SIGNALS
#undef signals
#undef TCPVIZ_QCP_UNDEF_SIGNALS
#endif
#ifdef TCPVIZ_QCP_UNDEF_FOREACH
#undef foreach
#undef TCPVIZ_QCP_UNDEF_FOREACH
#endif
