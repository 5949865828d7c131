// The 104 finding attributes, each checked against a finding built from this file's own
// spelling of its ASFF location (JSON pointers, '#' for "any element of this list"): a wrong
// path, type or list marker in the library's table makes its row fail.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shmock/finding_filter.h"

namespace shmock {
namespace {

using nlohmann::json;

struct ExpectedAttribute {
  const char* name;
  char type;            // S string, D date, N number, M map, B boolean, I ip, K keyword
  const char* pointer;  // where the value lives; '#' is a list index
};

// In the order of the service model's AwsSecurityFindingFilters.
const ExpectedAttribute kExpected[] = {
    {"ProductArn", 'S', "/ProductArn"},
    {"AwsAccountId", 'S', "/AwsAccountId"},
    {"Id", 'S', "/Id"},
    {"GeneratorId", 'S', "/GeneratorId"},
    {"Region", 'S', "/Region"},
    {"Type", 'S', "/Types/#"},
    {"FirstObservedAt", 'D', "/FirstObservedAt"},
    {"LastObservedAt", 'D', "/LastObservedAt"},
    {"CreatedAt", 'D', "/CreatedAt"},
    {"UpdatedAt", 'D', "/UpdatedAt"},
    {"SeverityProduct", 'N', "/Severity/Product"},
    {"SeverityNormalized", 'N', "/Severity/Normalized"},
    {"SeverityLabel", 'S', "/Severity/Label"},
    {"Confidence", 'N', "/Confidence"},
    {"Criticality", 'N', "/Criticality"},
    {"Title", 'S', "/Title"},
    {"Description", 'S', "/Description"},
    {"RecommendationText", 'S', "/Remediation/Recommendation/Text"},
    {"SourceUrl", 'S', "/SourceUrl"},
    {"ProductFields", 'M', "/ProductFields"},
    {"ProductName", 'S', "/ProductName"},
    {"CompanyName", 'S', "/CompanyName"},
    {"UserDefinedFields", 'M', "/UserDefinedFields"},
    {"MalwareName", 'S', "/Malware/#/Name"},
    {"MalwareType", 'S', "/Malware/#/Type"},
    {"MalwarePath", 'S', "/Malware/#/Path"},
    {"MalwareState", 'S', "/Malware/#/State"},
    {"NetworkDirection", 'S', "/Network/Direction"},
    {"NetworkProtocol", 'S', "/Network/Protocol"},
    {"NetworkSourceIpV4", 'I', "/Network/SourceIpV4"},
    {"NetworkSourceIpV6", 'I', "/Network/SourceIpV6"},
    {"NetworkSourcePort", 'N', "/Network/SourcePort"},
    {"NetworkSourceDomain", 'S', "/Network/SourceDomain"},
    {"NetworkSourceMac", 'S', "/Network/SourceMac"},
    {"NetworkDestinationIpV4", 'I', "/Network/DestinationIpV4"},
    {"NetworkDestinationIpV6", 'I', "/Network/DestinationIpV6"},
    {"NetworkDestinationPort", 'N', "/Network/DestinationPort"},
    {"NetworkDestinationDomain", 'S', "/Network/DestinationDomain"},
    {"ProcessName", 'S', "/Process/Name"},
    {"ProcessPath", 'S', "/Process/Path"},
    {"ProcessPid", 'N', "/Process/Pid"},
    {"ProcessParentPid", 'N', "/Process/ParentPid"},
    {"ProcessLaunchedAt", 'D', "/Process/LaunchedAt"},
    {"ProcessTerminatedAt", 'D', "/Process/TerminatedAt"},
    {"ThreatIntelIndicatorType", 'S', "/ThreatIntelIndicators/#/Type"},
    {"ThreatIntelIndicatorValue", 'S', "/ThreatIntelIndicators/#/Value"},
    {"ThreatIntelIndicatorCategory", 'S', "/ThreatIntelIndicators/#/Category"},
    {"ThreatIntelIndicatorLastObservedAt", 'D', "/ThreatIntelIndicators/#/LastObservedAt"},
    {"ThreatIntelIndicatorSource", 'S', "/ThreatIntelIndicators/#/Source"},
    {"ThreatIntelIndicatorSourceUrl", 'S', "/ThreatIntelIndicators/#/SourceUrl"},
    {"ResourceType", 'S', "/Resources/#/Type"},
    {"ResourceId", 'S', "/Resources/#/Id"},
    {"ResourcePartition", 'S', "/Resources/#/Partition"},
    {"ResourceRegion", 'S', "/Resources/#/Region"},
    {"ResourceTags", 'M', "/Resources/#/Tags"},
    {"ResourceAwsEc2InstanceType", 'S', "/Resources/#/Details/AwsEc2Instance/Type"},
    {"ResourceAwsEc2InstanceImageId", 'S', "/Resources/#/Details/AwsEc2Instance/ImageId"},
    {"ResourceAwsEc2InstanceIpV4Addresses", 'I',
     "/Resources/#/Details/AwsEc2Instance/IpV4Addresses/#"},
    {"ResourceAwsEc2InstanceIpV6Addresses", 'I',
     "/Resources/#/Details/AwsEc2Instance/IpV6Addresses/#"},
    {"ResourceAwsEc2InstanceKeyName", 'S', "/Resources/#/Details/AwsEc2Instance/KeyName"},
    {"ResourceAwsEc2InstanceIamInstanceProfileArn", 'S',
     "/Resources/#/Details/AwsEc2Instance/IamInstanceProfileArn"},
    {"ResourceAwsEc2InstanceVpcId", 'S', "/Resources/#/Details/AwsEc2Instance/VpcId"},
    {"ResourceAwsEc2InstanceSubnetId", 'S', "/Resources/#/Details/AwsEc2Instance/SubnetId"},
    {"ResourceAwsEc2InstanceLaunchedAt", 'D', "/Resources/#/Details/AwsEc2Instance/LaunchedAt"},
    {"ResourceAwsS3BucketOwnerId", 'S', "/Resources/#/Details/AwsS3Bucket/OwnerId"},
    {"ResourceAwsS3BucketOwnerName", 'S', "/Resources/#/Details/AwsS3Bucket/OwnerName"},
    {"ResourceAwsIamAccessKeyUserName", 'S', "/Resources/#/Details/AwsIamAccessKey/UserName"},
    {"ResourceAwsIamAccessKeyPrincipalName", 'S',
     "/Resources/#/Details/AwsIamAccessKey/PrincipalName"},
    {"ResourceAwsIamAccessKeyStatus", 'S', "/Resources/#/Details/AwsIamAccessKey/Status"},
    {"ResourceAwsIamAccessKeyCreatedAt", 'D', "/Resources/#/Details/AwsIamAccessKey/CreatedAt"},
    {"ResourceAwsIamUserUserName", 'S', "/Resources/#/Details/AwsIamUser/UserName"},
    {"ResourceContainerName", 'S', "/Resources/#/Details/Container/Name"},
    {"ResourceContainerImageId", 'S', "/Resources/#/Details/Container/ImageId"},
    {"ResourceContainerImageName", 'S', "/Resources/#/Details/Container/ImageName"},
    {"ResourceContainerLaunchedAt", 'D', "/Resources/#/Details/Container/LaunchedAt"},
    {"ResourceDetailsOther", 'M', "/Resources/#/Details/Other"},
    {"ComplianceStatus", 'S', "/Compliance/Status"},
    {"VerificationState", 'S', "/VerificationState"},
    {"WorkflowState", 'S', "/WorkflowState"},
    {"WorkflowStatus", 'S', "/Workflow/Status"},
    {"RecordState", 'S', "/RecordState"},
    {"RelatedFindingsProductArn", 'S', "/RelatedFindings/#/ProductArn"},
    {"RelatedFindingsId", 'S', "/RelatedFindings/#/Id"},
    {"NoteText", 'S', "/Note/Text"},
    {"NoteUpdatedAt", 'D', "/Note/UpdatedAt"},
    {"NoteUpdatedBy", 'S', "/Note/UpdatedBy"},
    {"Keyword", 'K', ""},
    {"FindingProviderFieldsConfidence", 'N', "/FindingProviderFields/Confidence"},
    {"FindingProviderFieldsCriticality", 'N', "/FindingProviderFields/Criticality"},
    {"FindingProviderFieldsRelatedFindingsId", 'S', "/FindingProviderFields/RelatedFindings/#/Id"},
    {"FindingProviderFieldsRelatedFindingsProductArn", 'S',
     "/FindingProviderFields/RelatedFindings/#/ProductArn"},
    {"FindingProviderFieldsSeverityLabel", 'S', "/FindingProviderFields/Severity/Label"},
    {"FindingProviderFieldsSeverityOriginal", 'S', "/FindingProviderFields/Severity/Original"},
    {"FindingProviderFieldsTypes", 'S', "/FindingProviderFields/Types/#"},
    {"Sample", 'B', "/Sample"},
    {"ComplianceSecurityControlId", 'S', "/Compliance/SecurityControlId"},
    {"ComplianceAssociatedStandardsId", 'S', "/Compliance/AssociatedStandards/#/StandardsId"},
    {"VulnerabilitiesExploitAvailable", 'S', "/Vulnerabilities/#/ExploitAvailable"},
    {"VulnerabilitiesFixAvailable", 'S', "/Vulnerabilities/#/FixAvailable"},
    {"ComplianceSecurityControlParametersName", 'S',
     "/Compliance/SecurityControlParameters/#/Name"},
    {"ComplianceSecurityControlParametersValue", 'S',
     "/Compliance/SecurityControlParameters/#/Value/#"},
    {"AwsAccountName", 'S', "/AwsAccountName"},
    {"ResourceApplicationName", 'S', "/Resources/#/ApplicationName"},
    {"ResourceApplicationArn", 'S', "/Resources/#/ApplicationArn"},
};

FilterType TypeOf(char letter) {
  switch (letter) {
    case 'S': return FilterType::kString;
    case 'D': return FilterType::kDate;
    case 'N': return FilterType::kNumber;
    case 'M': return FilterType::kMap;
    case 'B': return FilterType::kBoolean;
    case 'I': return FilterType::kIp;
    default: return FilterType::kKeyword;
  }
}

// The pointer with every list index '#' replaced by `index`.
json::json_pointer At(const char* pointer, char index) {
  std::string p = pointer;
  for (char& c : p) c = c == '#' ? index : c;
  return json::json_pointer(p);
}

// A value of the attribute's type that its filter accepts, and two it does not.
struct Sample {
  json match, decoy, other_decoy;
  json filter;
};

Sample SampleFor(const ExpectedAttribute& e) {
  const bool v6 = std::string(e.name).find("V6") != std::string::npos;
  switch (e.type) {
    case 'S': return {std::string("match-") + e.name, "decoy-a", "decoy-b",
                      {{{"Comparison", "EQUALS"}, {"Value", std::string("match-") + e.name}}}};
    case 'D': return {"2024-03-01T10:00:00Z", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00.5+01:00",
                      {{{"Start", "2024-01-01T00:00:00Z"}, {"End", "2024-12-31T23:59:59Z"}}}};
    case 'N': return {42, 7, 8.5, {{{"Eq", 42}}}};
    case 'M': return {{{"k", "match"}}, {{"k", "decoy-a"}}, {{"other", "match"}},
                      {{{"Key", "k"}, {"Comparison", "EQUALS"}, {"Value", "match"}}}};
    case 'B': return {true, false, false, {{{"Value", true}}}};
    default: break;
  }
  if (v6) return {"2001:db8::7", "fe80::1", "fd00::1", {{{"Cidr", "2001:db8::/32"}}}};
  return {"10.1.2.3", "192.168.0.1", "172.16.0.1", {{{"Cidr", "10.0.0.0/8"}}}};
}

TEST(FindingFilterAttributes, TheTableIsTheModelsList) {
  const auto& all = FindingAttributes();
  ASSERT_EQ(all.size(), std::size(kExpected));
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].name, kExpected[i].name) << i;
    EXPECT_EQ(all[i].type, TypeOf(kExpected[i].type)) << all[i].name;
    EXPECT_EQ(all[i].multi_valued, std::string(kExpected[i].pointer).find('#') != std::string::npos)
        << all[i].name;
    EXPECT_EQ(FindFindingAttribute(kExpected[i].name), &all[i]);
  }
  EXPECT_EQ(FindFindingAttribute("severitylabel"), nullptr);
  EXPECT_EQ(FindFindingAttribute("Types"), nullptr);
}

// For each attribute: a finding with the value filtered for matches, one without does not. On
// a list path the value sits in the second element, after a decoy in the first, so "any
// element" is what matches; and NOT_EQUALS excludes the finding for that one element.
TEST(FindingFilterAttributes, EveryAttributeFiltersAtItsOwnPath) {
  for (const ExpectedAttribute& e : kExpected) {
    if (e.type == 'K') continue;  // no path: FindingFilterKeyword
    SCOPED_TRACE(e.name);
    const Sample sample = SampleFor(e);
    const bool list = std::string(e.pointer).find('#') != std::string::npos;
    json hit = json::object(), miss = json::object();
    if (list) hit[At(e.pointer, '0')] = sample.decoy, miss[At(e.pointer, '0')] = sample.decoy;
    hit[At(e.pointer, '1')] = sample.match;
    miss[At(e.pointer, '1')] = sample.other_decoy;
    FindingFilter filter;
    ASSERT_TRUE(FindingFilter::Parse({{e.name, sample.filter}}, 0, &filter).ok());
    EXPECT_TRUE(filter.Matches(hit)) << hit.dump();
    EXPECT_FALSE(filter.Matches(miss)) << miss.dump();

    std::vector<const json*> values;
    AttributeValues(hit, *FindFindingAttribute(e.name), &values);
    EXPECT_EQ(values.size(), list ? 2u : 1u) << hit.dump();
    if (values.size() != (list ? 2u : 1u)) continue;  // and on to the other attributes
    EXPECT_EQ(*values.back(), sample.match);
    if (list) {
      EXPECT_EQ(*values.front(), sample.decoy);
    }
    EXPECT_EQ(*FirstAttributeValue(hit, *FindFindingAttribute(e.name)), list ? sample.decoy : sample.match);

    if (e.type != 'S') continue;
    json negative = sample.filter;
    negative[0]["Comparison"] = "NOT_EQUALS";
    ASSERT_TRUE(FindingFilter::Parse({{e.name, negative}}, 0, &filter).ok());
    EXPECT_FALSE(filter.Matches(hit)) << hit.dump();
    EXPECT_TRUE(filter.Matches(miss)) << miss.dump();
  }
}

TEST(FindingFilterAttributes, ValuesSkipAbsentNullAndMistypedMembers) {
  const FindingAttribute& type = *FindFindingAttribute("ResourceType");
  std::vector<const json*> values;
  AttributeValues(json::parse(R"({"Resources": [{"Type": "A"}, null, {"Id": "x"}, {"Type": null},
                                                 {"Type": "B"}]})"), type, &values);
  ASSERT_EQ(values.size(), 2u);
  values.clear();
  AttributeValues(json::parse(R"({"Resources": {"Type": "A"}})"), type, &values);  // not a list
  AttributeValues(json::parse(R"({"Resources": "AwsS3Bucket"})"), type, &values);
  AttributeValues(json::parse(R"([1, 2])"), type, &values);
  AttributeValues(json::parse(R"({"Title": "x"})"), *FindFindingAttribute("Keyword"), &values);
  EXPECT_TRUE(values.empty());
  EXPECT_EQ(FirstAttributeValue(json::object(), type), nullptr);
}

}  // namespace
}  // namespace shmock
