#include "ui/session/work_pool.h"

#include <QThread>

namespace tcpviz::ui {

QThreadPool* workPool() {
    static QThreadPool* const pool = [] {
        // Never destroyed: its threads may still be finishing a cancelled job at exit, and a
        // static QThreadPool would wait for them after QCoreApplication is gone.
        auto* p = new QThreadPool;
        p->setObjectName(QStringLiteral("tcpviz work"));
        // As many as the machine has, and at least two: an open and a layout at once.
        p->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
        return p;
    }();
    return pool;
}

}  // namespace tcpviz::ui
