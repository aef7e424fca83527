#pragma once
// What a view shows of the steps after the session's cursor: the sequence diagram and the
// plots follow the same View → "Later steps" setting.

namespace tcpviz::ui {

enum class FutureSteps { Hidden, Faded };

}  // namespace tcpviz::ui
