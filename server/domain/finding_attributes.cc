// The 104 finding attributes of AwsSecurityFindingFilters: each one's filter type and where it
// reads an ASFF finding. Checked against the service model's shapes (every path exists, every
// list is marked "[]"); the choices the sources leave open are in docs/behavior.md.
#include <algorithm>
#include <string>

#include "finding_path.h"
#include "shmock/finding_filter.h"

namespace shmock {
namespace {

struct AttributeRow {
  const char* name;
  FilterType type;
  const char* path;  // members joined by '.', "[]" after a list member; "" for Keyword
};

// Model order. ProductName and CompanyName read the top-level members (the model's current
// text), not ProductFields["aws/securityhub/..."] (an older User Guide). Keyword has no path:
// it searches every string of the finding (finding_filter.cc).
constexpr FilterType kString = FilterType::kString, kDate = FilterType::kDate,
                     kNumber = FilterType::kNumber, kMap = FilterType::kMap,
                     kBoolean = FilterType::kBoolean, kIp = FilterType::kIp,
                     kKeyword = FilterType::kKeyword;
const AttributeRow kRows[] = {
    {"ProductArn", kString, "ProductArn"},
    {"AwsAccountId", kString, "AwsAccountId"},
    {"Id", kString, "Id"},
    {"GeneratorId", kString, "GeneratorId"},
    {"Region", kString, "Region"},
    {"Type", kString, "Types[]"},
    {"FirstObservedAt", kDate, "FirstObservedAt"},
    {"LastObservedAt", kDate, "LastObservedAt"},
    {"CreatedAt", kDate, "CreatedAt"},
    {"UpdatedAt", kDate, "UpdatedAt"},
    {"SeverityProduct", kNumber, "Severity.Product"},
    {"SeverityNormalized", kNumber, "Severity.Normalized"},
    {"SeverityLabel", kString, "Severity.Label"},
    {"Confidence", kNumber, "Confidence"},
    {"Criticality", kNumber, "Criticality"},
    {"Title", kString, "Title"},
    {"Description", kString, "Description"},
    {"RecommendationText", kString, "Remediation.Recommendation.Text"},
    {"SourceUrl", kString, "SourceUrl"},
    {"ProductFields", kMap, "ProductFields"},
    {"ProductName", kString, "ProductName"},
    {"CompanyName", kString, "CompanyName"},
    {"UserDefinedFields", kMap, "UserDefinedFields"},
    {"MalwareName", kString, "Malware[].Name"},
    {"MalwareType", kString, "Malware[].Type"},
    {"MalwarePath", kString, "Malware[].Path"},
    {"MalwareState", kString, "Malware[].State"},
    {"NetworkDirection", kString, "Network.Direction"},
    {"NetworkProtocol", kString, "Network.Protocol"},
    {"NetworkSourceIpV4", kIp, "Network.SourceIpV4"},
    {"NetworkSourceIpV6", kIp, "Network.SourceIpV6"},
    {"NetworkSourcePort", kNumber, "Network.SourcePort"},
    {"NetworkSourceDomain", kString, "Network.SourceDomain"},
    {"NetworkSourceMac", kString, "Network.SourceMac"},
    {"NetworkDestinationIpV4", kIp, "Network.DestinationIpV4"},
    {"NetworkDestinationIpV6", kIp, "Network.DestinationIpV6"},
    {"NetworkDestinationPort", kNumber, "Network.DestinationPort"},
    {"NetworkDestinationDomain", kString, "Network.DestinationDomain"},
    {"ProcessName", kString, "Process.Name"},
    {"ProcessPath", kString, "Process.Path"},
    {"ProcessPid", kNumber, "Process.Pid"},
    {"ProcessParentPid", kNumber, "Process.ParentPid"},
    {"ProcessLaunchedAt", kDate, "Process.LaunchedAt"},
    {"ProcessTerminatedAt", kDate, "Process.TerminatedAt"},
    {"ThreatIntelIndicatorType", kString, "ThreatIntelIndicators[].Type"},
    {"ThreatIntelIndicatorValue", kString, "ThreatIntelIndicators[].Value"},
    {"ThreatIntelIndicatorCategory", kString, "ThreatIntelIndicators[].Category"},
    {"ThreatIntelIndicatorLastObservedAt", kDate, "ThreatIntelIndicators[].LastObservedAt"},
    {"ThreatIntelIndicatorSource", kString, "ThreatIntelIndicators[].Source"},
    {"ThreatIntelIndicatorSourceUrl", kString, "ThreatIntelIndicators[].SourceUrl"},
    {"ResourceType", kString, "Resources[].Type"},
    {"ResourceId", kString, "Resources[].Id"},
    {"ResourcePartition", kString, "Resources[].Partition"},
    {"ResourceRegion", kString, "Resources[].Region"},
    {"ResourceTags", kMap, "Resources[].Tags"},
    {"ResourceAwsEc2InstanceType", kString, "Resources[].Details.AwsEc2Instance.Type"},
    {"ResourceAwsEc2InstanceImageId", kString, "Resources[].Details.AwsEc2Instance.ImageId"},
    {"ResourceAwsEc2InstanceIpV4Addresses", kIp,
     "Resources[].Details.AwsEc2Instance.IpV4Addresses[]"},
    {"ResourceAwsEc2InstanceIpV6Addresses", kIp,
     "Resources[].Details.AwsEc2Instance.IpV6Addresses[]"},
    {"ResourceAwsEc2InstanceKeyName", kString, "Resources[].Details.AwsEc2Instance.KeyName"},
    {"ResourceAwsEc2InstanceIamInstanceProfileArn", kString,
     "Resources[].Details.AwsEc2Instance.IamInstanceProfileArn"},
    {"ResourceAwsEc2InstanceVpcId", kString, "Resources[].Details.AwsEc2Instance.VpcId"},
    {"ResourceAwsEc2InstanceSubnetId", kString, "Resources[].Details.AwsEc2Instance.SubnetId"},
    {"ResourceAwsEc2InstanceLaunchedAt", kDate, "Resources[].Details.AwsEc2Instance.LaunchedAt"},
    {"ResourceAwsS3BucketOwnerId", kString, "Resources[].Details.AwsS3Bucket.OwnerId"},
    {"ResourceAwsS3BucketOwnerName", kString, "Resources[].Details.AwsS3Bucket.OwnerName"},
    {"ResourceAwsIamAccessKeyUserName", kString, "Resources[].Details.AwsIamAccessKey.UserName"},
    {"ResourceAwsIamAccessKeyPrincipalName", kString,
     "Resources[].Details.AwsIamAccessKey.PrincipalName"},
    {"ResourceAwsIamAccessKeyStatus", kString, "Resources[].Details.AwsIamAccessKey.Status"},
    {"ResourceAwsIamAccessKeyCreatedAt", kDate, "Resources[].Details.AwsIamAccessKey.CreatedAt"},
    {"ResourceAwsIamUserUserName", kString, "Resources[].Details.AwsIamUser.UserName"},
    {"ResourceContainerName", kString, "Resources[].Details.Container.Name"},
    {"ResourceContainerImageId", kString, "Resources[].Details.Container.ImageId"},
    {"ResourceContainerImageName", kString, "Resources[].Details.Container.ImageName"},
    {"ResourceContainerLaunchedAt", kDate, "Resources[].Details.Container.LaunchedAt"},
    {"ResourceDetailsOther", kMap, "Resources[].Details.Other"},
    {"ComplianceStatus", kString, "Compliance.Status"},
    {"VerificationState", kString, "VerificationState"},
    {"WorkflowState", kString, "WorkflowState"},
    {"WorkflowStatus", kString, "Workflow.Status"},
    {"RecordState", kString, "RecordState"},
    {"RelatedFindingsProductArn", kString, "RelatedFindings[].ProductArn"},
    {"RelatedFindingsId", kString, "RelatedFindings[].Id"},
    {"NoteText", kString, "Note.Text"},
    {"NoteUpdatedAt", kDate, "Note.UpdatedAt"},
    {"NoteUpdatedBy", kString, "Note.UpdatedBy"},
    {"Keyword", kKeyword, ""},
    {"FindingProviderFieldsConfidence", kNumber, "FindingProviderFields.Confidence"},
    {"FindingProviderFieldsCriticality", kNumber, "FindingProviderFields.Criticality"},
    {"FindingProviderFieldsRelatedFindingsId", kString,
     "FindingProviderFields.RelatedFindings[].Id"},
    {"FindingProviderFieldsRelatedFindingsProductArn", kString,
     "FindingProviderFields.RelatedFindings[].ProductArn"},
    {"FindingProviderFieldsSeverityLabel", kString, "FindingProviderFields.Severity.Label"},
    {"FindingProviderFieldsSeverityOriginal", kString, "FindingProviderFields.Severity.Original"},
    {"FindingProviderFieldsTypes", kString, "FindingProviderFields.Types[]"},
    {"Sample", kBoolean, "Sample"},
    {"ComplianceSecurityControlId", kString, "Compliance.SecurityControlId"},
    {"ComplianceAssociatedStandardsId", kString, "Compliance.AssociatedStandards[].StandardsId"},
    {"VulnerabilitiesExploitAvailable", kString, "Vulnerabilities[].ExploitAvailable"},
    {"VulnerabilitiesFixAvailable", kString, "Vulnerabilities[].FixAvailable"},
    {"ComplianceSecurityControlParametersName", kString,
     "Compliance.SecurityControlParameters[].Name"},
    {"ComplianceSecurityControlParametersValue", kString,
     "Compliance.SecurityControlParameters[].Value[]"},
    {"AwsAccountName", kString, "AwsAccountName"},
    {"ResourceApplicationName", kString, "Resources[].ApplicationName"},
    {"ResourceApplicationArn", kString, "Resources[].ApplicationArn"},
};

std::vector<PathStep> SplitPath(std::string_view path) {
  std::vector<PathStep> steps;
  while (!path.empty()) {
    const size_t dot = path.find('.');
    std::string_view member = path.substr(0, dot);
    PathStep step;
    step.each_element = member.size() > 2 && member.substr(member.size() - 2) == "[]";
    if (step.each_element) member.remove_suffix(2);
    step.member = std::string(member);
    steps.push_back(std::move(step));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return steps;
}

std::vector<FindingAttribute> BuildAttributes() {
  std::vector<FindingAttribute> attributes;
  for (const AttributeRow& row : kRows) {
    FindingAttribute attribute;
    attribute.name = row.name;
    attribute.type = row.type;
    attribute.path = row.path;
    attribute.steps = SplitPath(row.path);
    attribute.multi_valued = std::any_of(attribute.steps.begin(), attribute.steps.end(),
                                         [](const PathStep& s) { return s.each_element; });
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

}  // namespace

const std::vector<FindingAttribute>& FindingAttributes() {
  static const std::vector<FindingAttribute> attributes = BuildAttributes();
  return attributes;
}

const FindingAttribute* FindFindingAttribute(std::string_view name) {
  // 104 entries, looked up once per filter attribute when a filter is parsed: a scan is enough.
  for (const FindingAttribute& attribute : FindingAttributes()) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

void AttributeValues(const nlohmann::json& finding, const FindingAttribute& attribute,
                     std::vector<const nlohmann::json*>* out) {
  AnyValueOf(finding, attribute, [out](const nlohmann::json& value) {
    out->push_back(&value);
    return false;  // keep going: every value
  });
}

const nlohmann::json* FirstAttributeValue(const nlohmann::json& finding,
                                          const FindingAttribute& attribute) {
  const nlohmann::json* first = nullptr;
  AnyValueOf(finding, attribute, [&first](const nlohmann::json& value) {
    first = &value;
    return true;
  });
  return first;
}

}  // namespace shmock
