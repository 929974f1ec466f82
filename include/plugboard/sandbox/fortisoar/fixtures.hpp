// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/state.hpp"

// The fake's built-in state: the connectors, configurations, catalog, dev
// entity and agents of pyfsr's test fixtures and real captures.

namespace plugboard::sandbox::detail::fortisoar {

inline void seed_fixtures(state& s) {
  const json no_params = json::array();
  s.install_connector("smtp", "2.6.0", "SMTP", {"Notification"},
                      json::array({operation("send_email", "Send Email",
                                             json::array({parameter("to", "To", true),
                                                          parameter("subject", "Subject", false),
                                                          parameter("body", "Body", false)})),
                                   operation("get_users", "Get Users", no_params)}),
                      3);
  s.install_connector(
      "code-snippet", "2.2.1", "Code Snippet", {"Utilities"},
      json::array({operation("python_inline_code_editor", "Execute Python Code",
                             json::array({parameter("code", "Python Code", true)}))}),
      5);
  s.install_connector(
      "virustotal", "3.1.0", "VirusTotal", {"Threat Intelligence"},
      json::array({operation("get_reputation_ip", "Get IP Reputation",
                             json::array({parameter("ip", "IP Address", true)})),
                   operation("get_reputation_domain", "Get Domain Reputation",
                             json::array({parameter("domain", "Domain", true)})),
                   operation("submit_file", "Submit File",
                             json::array({parameter("file_iri", "File IRI", true),
                                          parameter("password", "Archive Password", false)}))}),
      16);
  s.install_connector("mitre-attack", "2.0.2", "MITRE ATT&CK", {"Information"},
                      json::array({operation("get_techniques", "Get Techniques", no_params)}), 21);
  s.install_connector(
      "fortigate", "2.0.0", "FortiGate", {"Firewall and Network Protection"},
      json::array({operation("block_ip", "Block IP Address",
                             json::array({parameter("ip_addresses", "IP Addresses", true)})),
                   operation("get_blocked_ip", "Get Blocked IP Addresses", no_params)}),
      22);
  s.install_connector("fortinet-fortisiem", "6.1.0", "Fortinet FortiSIEM", {"SIEM"},
                      json::array({operation("get_events", "Get Events",
                                             json::array({parameter("query", "Query", true)}))}),
                      33);
  s.next_connector_id = 40;

  s.add_configuration(3, "11111111-0000-0000-0000-000000000003", "Demo", true, true,
                      {{"host", "localhost"}, {"port", 25}, {"password", "NULL"}});
  s.add_configuration(5, "11111111-0000-0000-0000-000000000005", "Demo", true, true);
  s.add_configuration(21, "01e4e6b4-c34e-4fc1-b692-bb08591f1fe5", "Demo", true, true);
  s.add_configuration(16, "vt-default", "Default", true, true,
                      {{"server_url", "https://www.virustotal.com"}, {"api_key", "NULL"}});
  s.add_configuration(16, "vt-alt", "Alt", false, false,
                      {{"server_url", "https://www.virustotal.com"}, {"api_key", "NULL"}});

  s.catalog = {{"abuseipdb", "2.0.0", "AbuseIPDB"},       {"cyops_utilities", "3.7.1", "Utilities"},
               {"cyops_utilities", "3.7.2", "Utilities"}, {"hello-world", "1.0.4", "Hello World"},
               {"virustotal", "3.1.0", "VirusTotal"},     {"virustotal", "3.2.1", "VirusTotal"}};

  s.add_dev_entity("hello-world", "1.0.0", "Hello World");

  s.agents[self_agent] = agent_state{"self", true, {}};
  s.agents[edge_agent] = agent_state{"edge-1", true, {}};
  const std::string router = std::string("/api/3/routers/") + router_uuid;
  s.agent_records["0a9e0000-0000-4000-8000-000000000001"] = {
      {"uuid", "0a9e0000-0000-4000-8000-000000000001"},
      {"agentId", self_agent},
      {"name", "self"},
      {"description", ""},
      {"router", router},
      {"active", true},
      {"installerType", "/api/3/picklists/a8181039-30a0-4807-b470-50de69d37561"}};
  s.agent_records["0a9e0000-0000-4000-8000-000000000002"] = {
      {"uuid", "0a9e0000-0000-4000-8000-000000000002"},
      {"agentId", edge_agent},
      {"name", "edge-1"},
      {"description", ""},
      {"router", router},
      {"active", true},
      {"installerType", "/api/3/picklists/d9f874be-3068-4282-9aed-100eba51e61b"}};
}

}  // namespace plugboard::sandbox::detail::fortisoar
