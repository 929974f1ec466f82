// SPDX-License-Identifier: MIT
// Every descriptor of every service, in the order the fuzz targets number
// them (the first byte of an input; make_seeds.cpp writes it).
#pragma once

#include "fuzz_decoders.hpp"
#include "plugboard/fivetran/endpoints.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/pieces/endpoints.hpp"
#include "plugboard/pipeshub/endpoints.hpp"
#include "plugboard/providers/endpoints.hpp"

namespace plugboard_fuzz {

namespace pe = plugboard::providers::endpoints;
using providers_endpoints = endpoint_list<pe::list, pe::get, pe::setup, pe::reset>;

namespace fe = plugboard::fivetran::endpoints;
using fivetran_endpoints =
    endpoint_list<fe::connect_card, fe::connector_details, fe::create_connector,
                  fe::delete_connector, fe::metadata_connector_config, fe::metadata_connectors,
                  fe::modify_connector, fe::resync_connector, fe::run_setup_tests,
                  fe::sync_connector>;

namespace ph = plugboard::pipeshub::endpoints;
using pipeshub_endpoints =
    endpoint_list<ph::list, ph::create, ph::list_active, ph::list_inactive, ph::list_configured,
                  ph::list_active_agents, ph::get, ph::delete_, ph::update_name>;

namespace pc = plugboard::pieces::endpoints;
using pieces_endpoints =
    endpoint_list<pc::connect, pc::intention, pc::onboarded, pc::react, pc::suggest, pc::track>;

namespace fo = plugboard::fortisoar::endpoints;
using fortisoar_endpoints =
    endpoint_list<fo::list_configured, fo::connector_detail, fo::list_configurations,
                  fo::healthcheck, fo::execute, fo::dev_list, fo::dev_edit, fo::dev_read_file,
                  fo::dev_write_file, fo::dev_publish, fo::install, fo::install_status,
                  fo::install_from_file, fo::uninstall, fo::install_connector,
                  fo::upgrade_connector, fo::uninstall_connector, fo::heartbeat>;

}  // namespace plugboard_fuzz
