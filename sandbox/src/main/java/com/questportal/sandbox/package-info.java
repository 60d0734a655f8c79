/**
 * The sandbox: a local double of the AWS APIs the portal uses, answering in AWS's own wire
 * protocols. Its control plane and data plane arrive with the "Sandbox" issues; until then the
 * module only holds its place in the build, so that the portal's dependency on it is real.
 */
package com.questportal.sandbox;
