// Say: how the pipeline tells the command what it is doing ("starting Elasticsearch 7.17.29 …").
// The library prints nothing itself; the command decides where the lines go (stderr, a log).
#pragma once

#include <functional>
#include <string_view>

namespace shardlift::pipeline {

using Say = std::function<void(std::string_view line)>;

}  // namespace shardlift::pipeline
